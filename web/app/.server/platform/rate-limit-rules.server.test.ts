/** RATE_LIMIT_OVERRIDES: which entries the configuration takes, and the refusal that names a bad one. */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, describeLimit, limitsWith, parseLimitOverrides } from "./rate-limit-rules.server.ts";
import { loadEnv } from "./env.server.ts";

const configured = (value: string | undefined) => loadEnv({ ...process.env, RATE_LIMIT_OVERRIDES: value });

describe("RATE_LIMIT_OVERRIDES", () => {
  it("sets the points of the named limits and leaves the others at the product's rules", () => {
    expect(configured("upload=600,generalApi=1000").RATE_LIMIT_OVERRIDES).toEqual({ upload: 600, generalApi: 1000 });
    expect(configured(" upload = 600 , , signIn=3,").RATE_LIMIT_OVERRIDES).toEqual({ upload: 600, signIn: 3 });
    for (const unset of [undefined, "", "  "]) expect(configured(unset).RATE_LIMIT_OVERRIDES).toEqual({});

    const limits = limitsWith({ upload: 600, generalApi: 1000 });
    expect(limits.upload).toEqual({ points: 600, durationSeconds: 60 });
    expect(limits.generalApi).toEqual({ points: 1000, durationSeconds: 60 });
    expect(limits.signIn).toEqual(DEFAULT_LIMITS.signIn);
    expect(limitsWith({})).toEqual(DEFAULT_LIMITS);
  });

  it("stops the app from starting on an unknown name or points that are not a whole number above 0, naming the entry", () => {
    expect(() => configured("upload=600,uplod=600")).toThrow(
      'Invalid configuration:\n  RATE_LIMIT_OVERRIDES: "uplod=600" names no rate limit; the limits are signIn, signInPerIp, passwordReset, signUp, verificationResend, clientErrors, generalApi, voucherRedeem, enhancement, upload, albumBatch, anonymousDownload, audioMixdown, mcpGenerate, mcpJobStatus, feedback, analytics.',
    );
    for (const [entry, message] of [
      ["upload=0", '"upload=0": the points must be a whole number of 1 or more.'],
      ["upload=-5", '"upload=-5": the points must be a whole number of 1 or more.'],
      ["upload=2.5", '"upload=2.5": the points must be a whole number of 1 or more.'],
      ["upload=", '"upload=": the points must be a whole number of 1 or more.'],
      ["upload=lots", '"upload=lots": the points must be a whole number of 1 or more.'],
      ["upload=99999999999999999999", '"upload=99999999999999999999": the points must be a whole number of 1 or more.'],
      ["upload", '"upload" is not name=points (for example upload=600).'],
      ["toString=5", '"toString=5" names no rate limit; the limits are'],
      ["upload=5,upload=6", '"upload=6": upload is set more than once.'],
    ] as const) {
      expect(() => configured(entry)).toThrow(`RATE_LIMIT_OVERRIDES: ${message}`);
    }
    // Every bad entry is reported at once.
    expect(parseLimitOverrides("a=1,upload=0,generalApi=5").problems).toHaveLength(2);
  });

  it("says a limit the way the messages that name it do", () => {
    expect(describeLimit({ points: 30, durationSeconds: 60 })).toBe("30 a minute");
    expect(describeLimit({ points: 5, durationSeconds: 3600 })).toBe("5 an hour");
    expect(describeLimit({ points: 10, durationSeconds: 900 })).toBe("10 every 15 minutes");
    expect(describeLimit({ points: 10, durationSeconds: 7200 })).toBe("10 every 2 hours");
    expect(describeLimit({ points: 10, durationSeconds: 45 })).toBe("10 every 45 seconds");
  });
});
