/** The OpenAPI document is a well-formed OpenAPI 3.1 document, and says what the zod contract says. */
import { describe, expect, it } from "vitest";
import { apiErrorBody } from "./errors.ts";
import { ApiClient } from "./client.ts";
import { API_TAGS, ENDPOINTS, HTTP_METHODS, type Endpoint } from "./endpoints.ts";
import { buildOpenApiDocument, ERROR_RESPONSES, ERROR_SCHEMA_NAME, jsonSchemaOf, openApiDocument, type OperationObject, type ReferenceObject, type ResponseObject } from "./openapi.ts";

const document = buildOpenApiDocument({ serverUrl: "https://spike.example" });
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation: operation as OperationObject })),
);

/** Follows a local JSON pointer (`#/components/schemas/X`) through the document. */
function resolve(pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Every `$ref` in the document, with where it sits. */
function refs(node: unknown, at = "#"): Array<{ at: string; ref: string }> {
  if (typeof node !== "object" || node === null) return [];
  const found: Array<{ at: string; ref: string }> = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") found.push({ at, ref: value });
    else found.push(...refs(value, `${at}/${key}`));
  }
  return found;
}

const isReference = (response: ResponseObject | ReferenceObject): response is ReferenceObject => "$ref" in response;

describe("the OpenAPI document", () => {
  it("has the top-level shape of OpenAPI 3.1", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBe("Spike Land API");
    expect(document.info.version).toMatch(/\S/);
    expect(document.servers).toEqual([{ url: "https://spike.example", description: "This server" }]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["bearerAuth", "cookieAuth"]);
    // Plain JSON: nothing is lost when it is sent.
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("gives every path operations, each with a summary, a known tag and responses", () => {
    const tags = new Set(document.tags.map((tag) => tag.name));
    expect(operations.length).toBe(ENDPOINTS.length);
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(path, where).toMatch(/^\/api\/v1(\/[a-z0-9.{}-]+)*$/);
      expect(HTTP_METHODS.map((name) => name.toLowerCase()), where).toContain(method);
      expect(operation.summary, where).toMatch(/\S/);
      expect(operation.description, where).toMatch(/\S/);
      expect(operation.tags.every((tag) => tags.has(tag)), where).toBe(true);
      const statuses = Object.keys(operation.responses);
      expect(statuses.every((status) => /^[1-5]\d\d$/.test(status)), where).toBe(true);
      expect(statuses.some((status) => status.startsWith("2")), where).toBe(true);
      expect(statuses, where).toContain("500");
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${where} ${status}`).toMatch(/\S/);
        if (!isReference(response) && status !== "204") expect(response.content?.["application/json"]?.schema, `${where} ${status}`).toBeDefined();
        if (status === "204") expect(isReference(response) ? undefined : response.content, where).toBeUndefined();
      }
    }
  });

  it("uses every group and names each operation once", () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    const used = new Set(ENDPOINTS.map((endpoint) => endpoint.tag));
    expect(API_TAGS.map((tag) => tag.name).filter((tag) => !used.has(tag))).toEqual([]);
  });

  it("resolves every $ref inside the document", () => {
    const found = refs(document);
    expect(found.length).toBeGreaterThan(50);
    expect(found.filter(({ ref }) => resolve(ref) === undefined)).toEqual([]);
    // zod's own definitions would point at the wrong root once inside components.
    expect(JSON.stringify(document)).not.toContain('"$defs"');
  });

  it("describes each path parameter and no other", () => {
    for (const { path, method, operation } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === "path");
      expect(declared.map((parameter) => parameter.name), `${method} ${path}`).toEqual(inPath);
      for (const parameter of declared) expect(parameter.description, `${method} ${path} {${parameter.name}}`).toMatch(/\S/);
    }
  });

  it("holds the zod schemas: requests as they accept input, responses as they come out, and the error shape", () => {
    const { schemas } = document.components;
    expect(schemas[ERROR_SCHEMA_NAME]).toEqual(jsonSchemaOf(apiErrorBody, "output"));
    for (const endpoint of ENDPOINTS) {
      if (endpoint.request?.json) expect(schemas[endpoint.request.json.name], endpoint.operationId).toEqual(jsonSchemaOf(endpoint.request.json.schema, "input"));
      if (endpoint.request?.multipart) expect(schemas[endpoint.request.multipart.name]?.type, endpoint.operationId).toBe("object");
      for (const response of endpoint.responses) {
        if (response.schema) expect(schemas[response.schema.name], endpoint.operationId).toEqual(jsonSchemaOf(response.schema.schema, "output"));
      }
    }
    // A limit written in zod reaches the document.
    expect(schemas.CreateAlbumRequest?.properties?.name).toMatchObject({ type: "string", minLength: 1, maxLength: 80 });
    expect(schemas.ChecksumsRequest?.properties?.sha256).toMatchObject({ type: "array", minItems: 1, maxItems: 500 });
  });

  it("answers errors in the one error shape, with Retry-After on 429", () => {
    for (const response of Object.values(document.components.responses)) {
      expect(response.content?.["application/json"]?.schema).toEqual({ $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` });
      expect(apiErrorBody.safeParse(response.content?.["application/json"]?.example).success).toBe(true);
    }
    expect(document.components.responses[ERROR_RESPONSES[429].name]?.headers?.["Retry-After"]).toBeDefined();
    const albums = document.paths["/api/v1/albums/{id}"]?.get;
    expect(albums?.responses["404"]).toEqual({ $ref: "#/components/responses/NotFound", description: "No album of yours has that id." });
    expect(albums?.responses["401"]).toMatchObject({ $ref: "#/components/responses/Unauthorized" });
  });

  it("marks who may call: a session, an optional one, or none", () => {
    const op = (method: string, path: string) => document.paths[path]?.[method as "get"];
    expect(document.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(op("post", "/api/v1/sessions")?.security).toEqual([]);
    expect(op("get", "/api/v1")?.security).toEqual([]);
    expect(op("post", "/api/v1/client-errors")?.security).toContainEqual({});
    expect(op("get", "/api/v1/albums")?.security).toBeUndefined();
    expect(op("post", "/api/v1/sessions")?.responses["401"]).toMatchObject({ description: "The email or password is wrong." });
  });

  it("shows only examples the schemas accept", () => {
    let checked = 0;
    for (const endpoint of ENDPOINTS) {
      if (endpoint.request?.example !== undefined) {
        checked++;
        expect(endpoint.request.json, endpoint.operationId).toBeDefined();
        const parsed = endpoint.request.json!.schema.safeParse(endpoint.request.example);
        expect(parsed.error?.issues ?? [], endpoint.operationId).toEqual([]);
      }
      for (const response of endpoint.responses) {
        if (response.example === undefined) continue;
        checked++;
        const parsed = response.schema!.schema.safeParse(response.example);
        expect(parsed.error?.issues ?? [], endpoint.operationId).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("lists each method and path once, each endpoint with its one-sentence description", () => {
    const keys = ENDPOINTS.map((endpoint: Endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    for (const endpoint of ENDPOINTS) expect(endpoint.description, endpoint.operationId).toMatch(/^\S.{5,}[.)]$/);
  });

  it("names the typed client's calls after their operations", () => {
    const ids = new Set(ENDPOINTS.map((endpoint) => endpoint.operationId));
    // Two calls share one operation (an upload or a device-only track), and a download is no API call.
    const others = new Set(["constructor", "uploadAudioTrack", "registerLocalAudioTrack", "downloadFile"]);
    const methods = Object.getOwnPropertyNames(ApiClient.prototype).filter((name) => !others.has(name));
    expect(methods.filter((name) => !ids.has(name))).toEqual([]);
  });

  it("is made once per server address", () => {
    expect(openApiDocument("https://a.example")).toBe(openApiDocument("https://a.example"));
    expect(openApiDocument("https://b.example").servers[0]?.url).toBe("https://b.example");
  });
});
