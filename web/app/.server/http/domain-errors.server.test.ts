import { describe, expect, it } from "vitest";
import { AlbumError } from "../albums/albums.server.ts";
import { EnhancementError } from "../jobs/requests.server.ts";
import { PipelineError } from "../pipelines/pipelines.server.ts";
import { InsufficientTokensError } from "../tokens/ledger.server.ts";
import { codeForStatus, domainErrorResponse, withDomainErrors } from "./domain-errors.server.ts";

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
    await expect(withDomainErrors(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect((await withDomainErrors(() => Promise.reject(new AlbumError("Gone.", 404)))).status).toBe(404);
  });

  it("maps statuses without their own code to a general one", () => {
    expect(codeForStatus(418)).toBe("bad_request");
    expect(codeForStatus(503)).toBe("internal");
    expect(codeForStatus(429)).toBe("rate_limited");
  });
});
