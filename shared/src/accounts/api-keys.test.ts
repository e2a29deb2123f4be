import { describe, expect, it } from "vitest";
import { apiKeyDisplayPrefix, apiKeyNameField, isApiKeyToken, API_KEY_NAME_MAX_LENGTH } from "./api-keys.ts";

describe("API key words", () => {
  it("shows a key as its first 7 characters and a mask", () => {
    expect(apiKeyDisplayPrefix("sk_test_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd")).toBe("sk_test...****");
    expect(apiKeyDisplayPrefix("sk_live_zzz")).toBe("sk_live...****");
  });

  it("tells keys from session tokens by their prefix", () => {
    expect(isApiKeyToken("sk_test_abc")).toBe(true);
    expect(isApiKeyToken("sk_live_abc")).toBe(true);
    expect(isApiKeyToken("sk_abc")).toBe(false);
    expect(isApiKeyToken("SK_TEST_abc")).toBe(false);
    expect(isApiKeyToken("Xq3v9dP0sLk2mQ8rT4wY7zB1nC5eF6gH8jK0lM2nO4p")).toBe(false);
  });

  it("names a key with 1 to 60 characters, trimmed", () => {
    expect(apiKeyNameField.parse("  Backup script ")).toBe("Backup script");
    expect(apiKeyNameField.safeParse("   ").error?.issues[0]?.message).toBe("Name the key, e.g. after the program that will use it");
    expect(apiKeyNameField.safeParse("x".repeat(API_KEY_NAME_MAX_LENGTH + 1)).error?.issues[0]?.message).toBe("Use at most 60 characters");
  });
});
