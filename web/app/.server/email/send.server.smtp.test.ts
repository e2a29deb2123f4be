/**
 * sendEmail with SMTP_URL configured: the configuration is read when the app modules load, so the
 * SMTP server starts and the variable is set before they are imported.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startLocalSmtpServer } from "../../../test/local-smtp-server.ts";

const smtp = await startLocalSmtpServer();
process.env.SMTP_URL = smtp.url;
process.env.EMAIL_FROM = "Spike Tests <tests@spike.land>";

const { sendEmail, emailProvider } = await import("./send.server.ts");
const { requestPasswordReset } = await import("../accounts/flows.server.ts");
const { loadShell } = await import("../layout.server.ts");
const { prisma } = await import("../platform/db.server.ts");
const { makeUser, uniqueIp } = await import("../../../test/fixtures.ts");
const { getRequest } = await import("../../../test/request.ts");
const { env } = await import("../platform/env.server.ts");
const { startQueue, stopQueue } = await import("../platform/queue.server.ts");
const { startAccountEmailWorker } = await import("../accounts/email-queue.server.ts");

// Reset emails go out from the job queue, as in the running app.
const boss = await startQueue(env.DATABASE_URL, { maintenance: false });
await startAccountEmailWorker(boss, { pollingIntervalSeconds: 0.5 });

afterAll(async () => {
  await stopQueue();
  await smtp.close();
});

describe("sending email over SMTP", () => {
  it("uses the SMTP provider and hides the development mailbox", async () => {
    expect(emailProvider().name).toBe("smtp");
    expect((await loadShell(getRequest("/"))).showMailbox).toBe(false);
  });

  it("delivers through the server and records the email as SENT with its message id", async () => {
    const user = await makeUser();
    const log = await sendEmail(user.id, "welcome", { to: user.email!, subject: "Hello from the tests", text: "Plain words", html: "<p>Plain words</p>" });
    expect(log).toMatchObject({ status: "SENT", to: user.email, subject: "Hello from the tests", template: "welcome", userId: user.id });
    const metadata = log.metadata as { provider: string; messageId: string; text: string };
    expect(metadata.provider).toBe("smtp");
    expect(metadata.text).toBe("Plain words");

    const mail = smtp.received.find((m) => m.to.includes(user.email!));
    expect(mail?.subject).toBe("Hello from the tests");
    expect(mail?.from).toBe("tests@spike.land");
    expect(mail?.raw).toContain(`Message-ID: ${metadata.messageId}`);
    expect(mail?.raw).toMatch(/^From: Spike Tests <tests@spike\.land>$/m);
  });

  it("delivers a password reset link the user can read in the received message", async () => {
    const user = await makeUser();
    await requestPasswordReset(user.email!, uniqueIp());
    await expect.poll(() => smtp.received.some((m) => m.to.includes(user.email!)), { timeout: 15_000, interval: 100 }).toBe(true);
    const mail = smtp.received.find((m) => m.to.includes(user.email!));
    expect(mail?.subject).toBe("Reset your Spike Land password");
    expect(mail?.decoded).toMatch(/Reset your password: http:\/\/localhost:3999\/reset-password\?token=[A-Za-z0-9_-]{43}/);
    // The worker records the email once the server has accepted it, a moment after it arrives.
    await expect.poll(() => prisma.emailLog.findFirst({ where: { to: user.email! }, select: { status: true, template: true } }), { timeout: 5_000, interval: 50 }).toEqual({ status: "SENT", template: "reset-password" });
  });
});
