import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpProvider } from "./provider.server.ts";
import { passwordResetEmail } from "./templates.server.ts";
import { deadPort, startLocalSmtpServer, type LocalSmtpServer } from "../../../test/local-smtp-server.ts";

let smtp: LocalSmtpServer;
beforeAll(async () => {
  smtp = await startLocalSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

describe("the SMTP provider", () => {
  it("delivers the message to a real SMTP server with its subject, recipient and both bodies", async () => {
    const message = passwordResetEmail("reader@example.com", "Reader", "http://localhost:3999/reset-password?token=abc");
    const delivery = await smtpProvider(smtp.url).send({ ...message, from: "Spike Land <hello@spike.land>" });
    expect(delivery.provider).toBe("smtp");
    expect(delivery.messageId).toMatch(/^<.+@.+>$/);

    const mail = smtp.received.find((m) => m.to.includes("reader@example.com"));
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual(["reader@example.com"]);
    expect(mail!.from).toBe("hello@spike.land");
    expect(mail!.subject).toBe("Reset your Spike Land password");
    expect(mail!.raw).toContain(`Message-ID: ${delivery.messageId}`);
    expect(mail!.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail!.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail!.decoded).toContain("Reset your password: http://localhost:3999/reset-password?token=abc");
    expect(mail!.decoded).toContain('href="http://localhost:3999/reset-password?token=abc"');
  });

  it("fails when nothing listens at the SMTP address", async () => {
    const port = await deadPort();
    const message = passwordResetEmail("nobody@example.com", null, "http://localhost:3999/reset-password?token=x");
    await expect(smtpProvider(`smtp://127.0.0.1:${port}`).send({ ...message, from: "hello@spike.land" })).rejects.toThrow(/ECONNREFUSED|connect/i);
  });
});
