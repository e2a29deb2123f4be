import { describe, expect, it } from "vitest";
import { AlbumError } from "../albums/albums.server.ts";
import { EnhancementError } from "../jobs/requests.server.ts";
import { PipelineError } from "../pipelines/pipelines.server.ts";
import { InsufficientTokensError } from "../tokens/ledger.server.ts";
import { codeForStatus } from "@spike-land/shared/errors";
import { domainErrorResponse, handleApi } from "./api.server.ts";
import { orPageError } from "./domain-errors.server.ts";
import { RateLimitedError } from "../platform/rate-limit.server.ts";

async function answer(error: unknown) {
  const response = domainErrorResponse(error);
  if (!response) return null;
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
}

describe("service errors as API errors", () => {
  it("keeps each service status and picks the matching code", async () => {
    expect(await answer(new AlbumError("We could not find that album.", 404))).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "We could not find that album." } },
    });
    expect((await answer(new AlbumError("Taken.", 409)))?.body.error.code).toBe("conflict");
    expect(await answer(new AlbumError("This batch needs 20 tokens and you have 10.", 402))).toMatchObject({ status: 402, body: { error: { code: "payment_required" } } });
    expect(await answer(new PipelineError("That pipeline was not found.", 404))).toMatchObject({ status: 404 });
    expect(await answer(new EnhancementError("Choose a different image to blend with.", 400))).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
  });

  it("answers 402 to a short balance with the ledger's message", async () => {
    const error = new InsufficientTokensError(3, 10);
    expect(await answer(error)).toEqual({ status: 402, body: { error: { code: "payment_required", message: error.message } } });
  });

  it("leaves unknown errors to the caller", async () => {
    expect(domainErrorResponse(new Error("boom"))).toBeNull();
    const logged: unknown[] = [];
    const crashed = await handleApi(() => Promise.reject(new Error("boom")), async (error) => void logged.push(error));
    expect(crashed.status).toBe(500);
    expect(logged).toHaveLength(1);
    expect((await handleApi(() => Promise.reject(new AlbumError("Gone.", 404)), async () => undefined)).status).toBe(404);
  });

  it("maps statuses without their own code to a general one", () => {
    expect(codeForStatus(418)).toBe("bad_request");
    expect(codeForStatus(503)).toBe("internal");
    expect(codeForStatus(429)).toBe("rate_limited");
  });
});

describe("service errors on pages", () => {
  it("become the page's response with their status, message and Retry-After", async () => {
    const thrown = await orPageError(Promise.reject(new AlbumError("We could not find that album.", 404))).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(await (thrown as Response).text()).toBe("We could not find that album.");
    const limited = await orPageError(Promise.reject(new RateLimitedError(30))).catch((error: unknown) => error as Response);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("30");
    await expect(orPageError(Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await orPageError(Promise.resolve("ok"))).toBe("ok");
  });
});
