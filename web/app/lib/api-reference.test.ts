/** The docs page's reading of the OpenAPI document: groups, fields with their limits, shapes, errors, examples. */
import { describe, expect, it } from "vitest";
import { API_TAGS, ENDPOINTS } from "@spike-land/shared/api/endpoints";
import { buildOpenApiDocument } from "@spike-land/shared/api/openapi";
import { apiReference, type EndpointView } from "./api-reference.ts";

const reference = apiReference(buildOpenApiDocument({ serverUrl: "https://spike.example" }));
const endpoint = (id: string): EndpointView => {
  const found = reference.tags.flatMap((tag) => tag.endpoints).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`No endpoint ${id}`);
  return found;
};

describe("the API reference", () => {
  it("groups every endpoint under its tag, in the tags' order", () => {
    expect(reference.tags.map((tag) => tag.name)).toEqual(API_TAGS.map((tag) => tag.name));
    expect(reference.tags.flatMap((tag) => tag.endpoints).map((view) => view.id).sort()).toEqual(ENDPOINTS.map((entry) => entry.operationId).sort());
    expect(reference.tags.find((tag) => tag.name === "Albums")?.id).toBe("albums");
    expect(reference.serverUrl).toBe("https://spike.example");
  });

  it("reads a request body's fields with their types, presence and limits", () => {
    const create = endpoint("createAlbum");
    expect(create).toMatchObject({ method: "POST", path: "/api/v1/albums", auth: "required", summary: "Create an album" });
    const fields = create.request?.bodies[0]?.node.fields ?? [];
    expect(fields.find((field) => field.name === "name")).toEqual({ name: "name", required: true, node: { type: "string", nullable: false, notes: ["1 to 80 characters"] } });
    expect(fields.find((field) => field.name === "description")).toMatchObject({ required: false, node: { type: "string", nullable: true, notes: ["at most 2000 characters"] } });
    expect(fields.find((field) => field.name === "privacy")?.node).toMatchObject({ values: ["PRIVATE", "UNLISTED", "PUBLIC"], notes: ["default PRIVATE"] });
    expect(create.request?.bodies[0]?.example).toBe(JSON.stringify({ name: "Lisbon 2025", privacy: "UNLISTED" }, null, 2));
  });

  it("reads nested response fields, arrays and dates", () => {
    const batch = endpoint("getBatch").responses[0]!;
    expect(batch.status).toBe("200");
    const inner = batch.body?.node.fields?.[0]?.node.fields ?? [];
    expect(inner.find((field) => field.name === "createdAt")?.node.notes).toEqual(["date and time (ISO 8601, UTC)"]);
    const items = inner.find((field) => field.name === "items")?.node;
    expect(items?.type).toBe("array of object");
    expect(items?.fields?.map((field) => field.name)).toContain("tokensCost");
    expect(endpoint("checkChecksums").request?.bodies[0]?.node.fields?.[0]?.node).toMatchObject({
      type: "array of string",
      notes: ["1 to 500 items", "each matches ^[0-9a-f]{64}$"],
    });
  });

  it("names each shape of a choice by what tells it apart", () => {
    const task = endpoint("queueBoxTask").request?.bodies[0]?.node;
    expect(task?.variants?.map((variant) => variant.label)).toEqual(["type: NAVIGATE", "type: CLICK", "type: TYPE", "type: SCREENSHOT", "type: EXTRACT"]);
    const click = task?.variants?.[1]?.node.fields?.find((field) => field.name === "payload")?.node;
    expect(click?.variants?.map((variant) => variant.label)).toEqual(["with selector", "with text"]);
  });

  it("shows both bodies of an endpoint that takes JSON or a file, and its query and path parameters", () => {
    const add = endpoint("addAudioTrack");
    expect(add.request?.bodies.map((body) => body.label)).toEqual(["JSON", "Multipart form"]);
    expect(add.request?.bodies[1]?.node.fields?.[0]).toMatchObject({ name: "file", required: true, node: { type: "file" } });
    expect(add.parameters).toEqual([{ name: "id", where: "path", required: true, description: "The mixer project's id.", node: { type: "string", nullable: false, notes: [] } }]);
    expect(endpoint("listImages").parameters.map((parameter) => [parameter.name, parameter.required, parameter.node.notes])).toEqual([
      ["page", false, ["at least 1", "default 1"]],
      ["pageSize", false, ["from 1 to 100", "default 24"]],
    ]);
  });

  it("lists each endpoint's errors with their codes, and the codes of the error shape", () => {
    expect(endpoint("getAlbum").errors).toContainEqual({ status: "404", code: "not_found", description: "No album of yours has that id." });
    expect(endpoint("createSession").auth).toBe("none");
    expect(endpoint("reportClientError").auth).toBe("optional");
    expect(reference.errorCodes.map((error) => error.code)).toContain("rate_limited");
    expect(reference.errorShape.fields?.[0]?.node.fields?.map((field) => field.name)).toEqual(["code", "message", "fields"]);
  });

  it("writes a curl command with the example body", () => {
    expect(endpoint("createAlbum").curl).toBe(
      [
        'curl -X POST "https://spike.example/api/v1/albums"',
        '  -H "Authorization: Bearer $TOKEN"',
        '  -H "Content-Type: application/json"',
        `  -d '{"name":"Lisbon 2025","privacy":"UNLISTED"}'`,
      ].join(" \\\n"),
    );
    expect(endpoint("getAlbum").curl).toBe('curl "https://spike.example/api/v1/albums/<id>" \\\n  -H "Authorization: Bearer $TOKEN"');
    expect(endpoint("uploadImage").curl).toContain('-F "file=@photo.jpg"');
    expect(endpoint("listEndpoints").curl).toBe('curl "https://spike.example/api/v1"');
  });
});
