import { describe, expect, it } from "vitest";
import { z } from "zod";
import { codeForStatus, DomainError, firstIssue, issuesToFields } from "./errors.ts";

class AlbumGone extends DomainError {
  constructor() {
    super(404, "That album does not exist.");
  }
}

describe("DomainError", () => {
  it("derives the API code from the status unless one is given", () => {
    expect(new AlbumGone().code).toBe("not_found");
    expect(new DomainError(402, "Buy tokens").code).toBe("payment_required");
    expect(new DomainError(409, "Taken", "conflict", { field: "email" }).field).toBe("email");
    expect(codeForStatus(503)).toBe("internal");
    expect(codeForStatus(418)).toBe("bad_request");
  });

  it("keeps its subclass name and instanceof", () => {
    const error = new AlbumGone();
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe("AlbumGone");
    expect(error.status).toBe(404);
  });
});

describe("issuesToFields", () => {
  it("groups zod messages by dotted path, with _ for the whole object", () => {
    const schema = z
      .object({ name: z.string().min(1, "Give it a name"), size: z.object({ width: z.number().int("Whole pixels") }) })
      .refine(() => false, "Never valid");
    const parsed = schema.safeParse({ name: "", size: { width: 1.5 } });
    expect(parsed.success).toBe(false);
    const fields = issuesToFields(parsed.error!.issues);
    expect(fields).toEqual({ name: ["Give it a name"], "size.width": ["Whole pixels"] });
    expect(firstIssue(parsed.error!.issues)).toBe("name: Give it a name");
    expect(issuesToFields([{ path: [], message: "Whole" }])).toEqual({ _: ["Whole"] });
  });
});
