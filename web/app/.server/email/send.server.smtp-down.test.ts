/**
 * sendEmail when the configured SMTP server cannot be reached: the failure is recorded and the
 * caller gets a message a person can act on. SMTP_URL must be set before the app modules load.
 */
import { describe, expect, it } from "vitest";
import { deadPort } from "../../../test/local-smtp-server.ts";

const port = await deadPort();
process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;

const { sendEmail } = await import("./send.server.ts");
const { signUp } = await import("../accounts/flows.server.ts");
const { prisma } = await import("../platform/db.server.ts");
const { makeUser, uniqueEmail } = await import("../../../test/fixtures.ts");

describe("sending email when the SMTP server is down", () => {
  it("records the email as FAILED with the error and throws a clear message", async () => {
    const user = await makeUser();
    await expect(sendEmail(user.id, "welcome", { to: user.email!, subject: "Lost", text: "Lost words", html: "<p>Lost words</p>" })).rejects.toThrow(
      `We could not send the email to ${user.email}. Please try again in a minute.`,
    );
    const log = await prisma.emailLog.findFirstOrThrow({ where: { to: user.email! } });
    expect(log).toMatchObject({ status: "FAILED", subject: "Lost", template: "welcome", userId: user.id });
    const metadata = log.metadata as { provider: string; error: string; text: string };
    expect(metadata.provider).toBe("smtp");
    expect(metadata.error).toMatch(/ECONNREFUSED/);
    expect(metadata.text).toBe("Lost words");
  });

  it("keeps the new account when its verification email cannot be sent, so the user can ask again", async () => {
    const email = uniqueEmail("undelivered");
    const result = await signUp({ name: "Undelivered", email, password: "a-long-password" }, { ipAddress: "198.51.100.9" });
    expect(result.emailSent).toBe(false);
    const log = await prisma.emailLog.findFirstOrThrow({ where: { to: email } });
    expect(log).toMatchObject({ status: "FAILED", template: "verify-email" });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });
});
