import { describe, expect, it } from "vitest";
import { signInSchema, signUpSchema } from "./schemas.ts";

describe("account input", () => {
  it("normalises email addresses", () => {
    const parsed = signInSchema.parse({ email: "  Person@Example.COM ", password: "x" });
    expect(parsed.email).toBe("person@example.com");
  });

  it("explains what is wrong with a sign-up in words a person can act on", () => {
    const result = signUpSchema.safeParse({ name: "", email: "not-an-email", password: "short" });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toContain("Enter your name");
    expect(messages).toContain("Enter an email address like name@example.com");
    expect(messages).toContain("Use at least 10 characters");
  });
});
