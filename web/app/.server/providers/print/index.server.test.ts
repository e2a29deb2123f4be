/** Choosing the print provider per product provider from configuration. */
import { describe, expect, it } from "vitest";
import { printProvider, printWebhookUrl, resolvePrintConfig } from "./index.server.ts";
import { PrintProviderError } from "./types.ts";

const base = { SESSION_SECRET: "s".repeat(40), appUrl: "https://shop.example", PRINT_EMULATOR_STEP_SECONDS: 20, isProduction: false };

describe("print provider configuration", () => {
  it("uses the local studio for both providers when no key is set", () => {
    const config = resolvePrintConfig(base);
    expect(printProvider("PRODIGI", config).kind).toBe("local");
    expect(printProvider("PRINTFUL", config).kind).toBe("local");
  });

  it("uses each real client where its key is set", () => {
    const config = resolvePrintConfig({ ...base, PRODIGI_API_KEY: "p-key", PRINTFUL_API_KEY: "f-key", PRINTFUL_BASE_URL: "http://127.0.0.1:1" });
    expect(printProvider("PRODIGI", config).kind).toBe("prodigi");
    expect(printProvider("PRINTFUL", config).kind).toBe("printful");
    const mixed = resolvePrintConfig({ ...base, PRODIGI_API_KEY: "p-key" });
    expect(printProvider("PRINTFUL", mixed).kind).toBe("local");
  });

  it("stops start-up when a base URL is set without its key", () => {
    expect(() => resolvePrintConfig({ ...base, PRODIGI_BASE_URL: "http://127.0.0.1:1" })).toThrow(/PRODIGI_BASE_URL is set without PRODIGI_API_KEY/);
  });

  it("never uses the local studio in production (a transient error, so the order waits for configuration)", () => {
    const config = resolvePrintConfig({ ...base, isProduction: true, PRODIGI_API_KEY: "p-key" });
    expect(printProvider("PRODIGI", config).kind).toBe("prodigi");
    let error: unknown;
    try {
      printProvider("PRINTFUL", config);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PrintProviderError);
    expect((error as PrintProviderError).rejected).toBe(false);
  });

  it("puts a per-provider secret token in the callback URLs, derived from SESSION_SECRET unless set", () => {
    const config = resolvePrintConfig(base);
    const prodigi = new URL(printWebhookUrl("prodigi", config));
    const printful = new URL(printWebhookUrl("printful", config));
    expect(prodigi.pathname).toBe("/webhooks/print/prodigi");
    expect(prodigi.searchParams.get("token")).toHaveLength(43);
    expect(printful.searchParams.get("token")).not.toBe(prodigi.searchParams.get("token"));
    expect(new URL(printWebhookUrl("prodigi", resolvePrintConfig({ ...base, PRODIGI_CALLBACK_SECRET: "chosen" }))).searchParams.get("token")).toBe("chosen");
  });
});
