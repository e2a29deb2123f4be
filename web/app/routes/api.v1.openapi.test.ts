/**
 * The OpenAPI document and the routes agree: every method an /api/v1 route file serves is in the
 * document, everything the document lists is served, and what the endpoints answer fits the
 * document's responses. A new route without an entry in shared/src/api/endpoints.ts fails here, named.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorBody } from "@spike-land/shared/api/errors";
import { ENDPOINTS, HTTP_METHODS, type Endpoint, type HttpMethod } from "@spike-land/shared/api/endpoints";
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiMethod, type ResponseObject } from "@spike-land/shared/api/openapi";
import { codeForStatus } from "@spike-land/shared/errors";
import { prisma } from "../.server/platform/db.server.ts";
import { getRequest, jsonRequest, routeArgs, run, type Outcome } from "../../test/request.ts";
import { makeUser, PASSWORD, signIn, uniqueIp } from "../../test/fixtures.ts";

const ROUTES_DIR = fileURLToPath(new URL(".", import.meta.url));
const API_FILE = /^api\.v1[.[].*\.tsx$|^api\.v1\.tsx$/;

type Handler = (args: ReturnType<typeof routeArgs>) => unknown;
type RouteModule = { loader?: Handler; action?: Handler };

/**
 * The URL path of a Remix flat-route file, with params in OpenAPI form: dots separate segments,
 * `[...]` escapes, `_index` is the parent's index, a leading `_` is a pathless layout, a trailing `_`
 * only opts out of nesting, `$name` is a param and a lone `$` the splat (`*`).
 */
function routePath(file: string): { path: string; splat: boolean } {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "");
  // Each segment as characters, each marked whether it was escaped.
  const segments: Array<Array<{ char: string; escaped: boolean }>> = [[]];
  let escaped = false;
  for (const char of name) {
    if (char === "[" && !escaped) escaped = true;
    else if (char === "]" && escaped) escaped = false;
    else if (char === "." && !escaped) segments.push([]);
    else segments.at(-1)!.push({ char, escaped });
  }
  const parts: string[] = [];
  let splat = false;
  for (const segment of segments) {
    const text = segment.map((item) => item.char).join("");
    const plain = (index: number) => segment[index] !== undefined && !segment[index].escaped;
    if (text === "_index" && plain(0)) continue;
    if (text.startsWith("_") && plain(0)) continue;
    const trimmed = text.endsWith("_") && plain(segment.length - 1) ? text.slice(0, -1) : text;
    if (trimmed === "$" && plain(0)) {
      splat = true;
      parts.push("*");
    } else if (trimmed.startsWith("$") && plain(0)) parts.push(`{${trimmed.slice(1)}}`);
    else parts.push(trimmed);
  }
  return { path: `/${parts.join("/")}`, splat };
}

const concrete = (path: string, params: Record<string, string>) => path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "probe-id"));
const paramsOf = (path: string) => Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map(([, name = ""]) => [name, "probe-id"]));

const files = readdirSync(ROUTES_DIR).filter((file) => API_FILE.test(file));
const modules = new Map<string, RouteModule>();
const document: OpenApiDocument = buildOpenApiDocument({ serverUrl: "http://localhost:3999" });

beforeAll(async () => {
  for (const file of files) modules.set(file, (await import(/* @vite-ignore */ `${ROUTES_DIR}${file}`)) as RouteModule);
});

/** Sends `method` to the route without a session or body: any answer but 405 means the route serves it. */
async function probe(module: RouteModule, method: HttpMethod, path: string): Promise<{ served: boolean; allow: string | null }> {
  const handler = method === "GET" ? module.loader : module.action;
  if (!handler) return { served: false, allow: null };
  const request = getRequest(concrete(path, {}), { method, ip: uniqueIp() });
  const answer = await run(() => handler(routeArgs(request, paramsOf(path))));
  return { served: answer.status !== 405, allow: answer.status === 405 ? answer.headers.get("Allow") : null };
}

const documented = (path: string) => Object.keys(document.paths[path] ?? {}).map((method) => method.toUpperCase());

describe("reading routes from file names", () => {
  it("turns Remix flat-route file names into OpenAPI paths", () => {
    expect(routePath("api.v1.albums.$id.images.tsx")).toEqual({ path: "/api/v1/albums/{id}/images", splat: false });
    expect(routePath("api.v1.openapi[.]json.tsx")).toEqual({ path: "/api/v1/openapi.json", splat: false });
    expect(routePath("api.v1._index.tsx")).toEqual({ path: "/api/v1", splat: false });
    expect(routePath("api.v1.$.tsx")).toEqual({ path: "/api/v1/*", splat: true });
    expect(routePath("albums.$id_.batches.$batchId.tsx")).toEqual({ path: "/albums/{id}/batches/{batchId}", splat: false });
    expect(routePath("_auth.api.v1.keys.tsx")).toEqual({ path: "/api/v1/keys", splat: false });
    expect(routePath("api.v1.[_index].tsx")).toEqual({ path: "/api/v1/_index", splat: false });
  });
});

describe("the OpenAPI document and the /api/v1 routes", () => {
  it("documents every method each route serves, and lists nothing no route serves", async () => {
    const problems: string[] = [];
    const served = new Map<string, Set<string>>();
    for (const file of files) {
      const { path, splat } = routePath(file);
      if (splat) continue;
      const module = modules.get(file)!;
      const methods = new Set<string>();
      const allowed = new Set<string>();
      for (const method of HTTP_METHODS) {
        const answer = await probe(module, method, path);
        if (answer.served) methods.add(method);
        if (answer.allow) allowed.add(answer.allow.split(",").map((name) => name.trim()).sort().join(", "));
      }
      served.set(path, methods);
      const listed = documented(path);
      for (const method of methods) {
        if (!listed.includes(method)) problems.push(`${file} serves ${method} ${path}, which the OpenAPI document lacks: add it to shared/src/api/endpoints.ts.`);
      }
      for (const method of listed) {
        if (!methods.has(method)) problems.push(`The OpenAPI document lists ${method} ${path}, but ${file} answers it with 405.`);
      }
      // The Allow header of a refused method names what the path takes.
      for (const allow of listed.length ? allowed : []) {
        if (allow !== [...listed].sort().join(", ")) problems.push(`${file} answers 405 with Allow: ${allow}, but the document lists ${[...listed].sort().join(", ")}.`);
      }
    }
    for (const path of Object.keys(document.paths)) {
      if (!served.has(path)) problems.push(`The OpenAPI document lists ${documented(path).join(", ")} ${path}, but no route file serves that path.`);
    }
    expect(problems).toEqual([]);
    expect(served.size).toBeGreaterThan(30);
  });

  it("leaves every other /api/v1 path to the catch-all, which answers not_found for any method", async () => {
    const catchAll = files.filter((file) => routePath(file).splat);
    expect(catchAll).toEqual(["api.v1.$.tsx"]);
    const module = modules.get("api.v1.$.tsx")!;
    for (const method of HTTP_METHODS) {
      const answer = await run(() => (method === "GET" ? module.loader : module.action)!(routeArgs(getRequest("/api/v1/nothing/here", { method }), { "*": "nothing/here" })));
      expect({ method, status: answer.status, code: answer.body?.error?.code }).toEqual({ method, status: 404, code: "not_found" });
    }
  });
});

// ---- What the endpoints answer fits the document ------------------------------------------------

function endpointOf(method: HttpMethod, path: string): Endpoint {
  const endpoint = ENDPOINTS.find((candidate) => candidate.method === method && candidate.path === path);
  if (!endpoint) throw new Error(`No endpoint ${method} ${path} in the list`);
  return endpoint;
}

type Call = { token?: string; params?: Record<string, string>; json?: unknown; query?: Record<string, string>; headers?: Record<string, string> };

/** Calls the route file that serves `path` with a real request, as the server would. */
async function call(method: HttpMethod, path: string, options: Call = {}): Promise<Outcome> {
  const file = files.find((candidate) => routePath(candidate).path === path);
  if (!file) throw new Error(`No route file serves ${path}`);
  const module = modules.get(file)!;
  const search = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
  const url = `${concrete(path, options.params ?? {})}${search}`;
  const headers = { ...(options.headers ?? {}), ...(options.token && options.json === undefined ? { Authorization: `Bearer ${options.token}` } : {}) };
  const request =
    options.json === undefined ? getRequest(url, { method, headers, ip: uniqueIp() }) : jsonRequest(url, options.json, { method, token: options.token, headers, ip: uniqueIp() });
  const handler = method === "GET" ? module.loader : module.action;
  return run(() => handler!(routeArgs(request, options.params ?? {})));
}

/** The answer's status is one the document lists for the operation, and its body has that response's schema. */
function expectDocumented(method: HttpMethod, path: string, outcome: Outcome): void {
  const where = `${method} ${path} → ${outcome.status}`;
  const endpoint = endpointOf(method, path);
  const operation = document.paths[path]?.[method.toLowerCase() as OpenApiMethod];
  expect(operation, where).toBeDefined();
  expect(Object.keys(operation!.responses), where).toContain(String(outcome.status));
  const success = endpoint.responses.find((response) => response.status === outcome.status);
  if (success) {
    const documentedResponse = operation!.responses[String(outcome.status)] as ResponseObject;
    if (!success.schema) {
      expect(outcome.body, where).toBeNull();
      expect(documentedResponse.content, where).toBeUndefined();
      return;
    }
    expect(documentedResponse.content?.["application/json"]?.schema, where).toEqual({ $ref: `#/components/schemas/${success.schema.name}` });
    expect(outcome.headers.get("Content-Type"), where).toBe("application/json; charset=utf-8");
    const parsed = success.schema.schema.safeParse(outcome.body);
    expect(parsed.error?.issues ?? [], where).toEqual([]);
    if (success.location) expect(outcome.headers.get("Location"), where).toMatch(/^\/api\/v1\//);
    return;
  }
  expect(operation!.responses[String(outcome.status)], where).toHaveProperty("$ref");
  const parsed = apiErrorBody.safeParse(outcome.body);
  expect(parsed.error?.issues ?? [], where).toEqual([]);
  expect(parsed.data?.error.code, where).toBe(codeForStatus(outcome.status));
}

/** Calls an endpoint and checks its answer against the document; the answer is returned for more checks. */
async function checked(method: HttpMethod, path: string, options: Call = {}): Promise<Outcome> {
  const outcome = await call(method, path, options);
  expectDocumented(method, path, outcome);
  return outcome;
}

describe("what the endpoints answer", () => {
  let token = "";
  let email = "";

  beforeAll(async () => {
    const user = await makeUser({ name: "Document Reader" });
    email = user.email!;
    token = (await signIn(user.id)).token;
  });

  it("serves the document itself as cacheable JSON, and the index from the same list", async () => {
    const served = await checked("GET", "/api/v1/openapi.json");
    expect(served.status).toBe(200);
    expect(served.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(served.body).toEqual(document);
    const etag = served.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await call("GET", "/api/v1/openapi.json", { headers: { "If-None-Match": `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();

    const index = await checked("GET", "/api/v1");
    expect(index.body.endpoints).toHaveLength(ENDPOINTS.length);
    expect(index.body.endpoints).toContainEqual({ method: "GET", path: "/api/v1/openapi.json", description: expect.any(String) });
  });

  it("signs in and reads the user as documented, and refuses as documented", async () => {
    const session = await checked("POST", "/api/v1/sessions", { json: { email, password: PASSWORD } });
    expect(session.status).toBe(201);
    expect((await checked("POST", "/api/v1/sessions", { json: { email, password: "wrong password" } })).status).toBe(401);
    expect((await checked("POST", "/api/v1/sessions", { json: { email: "not an email" } })).status).toBe(422);
    expect((await checked("GET", "/api/v1/me", { token: session.body.token })).status).toBe(200);
    expect((await checked("GET", "/api/v1/me")).status).toBe(401);
  });

  it("answers the album calls with the documented shapes", async () => {
    expect((await checked("GET", "/api/v1/albums", { token })).status).toBe(200);
    const created = await checked("POST", "/api/v1/albums", { token, json: { name: "Documented" } });
    expect(created.status).toBe(201);
    const id = created.body.album.id as string;
    expect((await checked("GET", "/api/v1/albums/{id}", { token, params: { id } })).status).toBe(200);
    expect((await checked("PATCH", "/api/v1/albums/{id}", { token, params: { id }, json: { privacy: "UNLISTED" } })).status).toBe(200);
    expect((await checked("PATCH", "/api/v1/albums/{id}", { token, params: { id }, json: { privacy: "SECRET" } })).status).toBe(422);
    expect((await checked("PUT", "/api/v1/albums/{id}/images", { token, params: { id }, json: { imageIds: [] } })).status).toBe(422);
    expect((await checked("POST", "/api/v1/albums/{id}/enhance", { token, params: { id }, json: {} })).status).toBe(400);
    expect((await checked("GET", "/api/v1/albums/{id}", { token, params: { id: "not-an-album" } })).status).toBe(404);
    expect((await checked("DELETE", "/api/v1/albums/{id}", { token, params: { id } })).status).toBe(204);
  });

  it("answers the library and enhancement reads with the documented shapes", async () => {
    const user = await prisma.session.findFirstOrThrow({ where: { user: { email } }, select: { userId: true } });
    const image = await prisma.enhancedImage.create({
      data: { userId: user.userId, name: "Harbour", originalUrl: "", originalR2Key: `images/${user.userId}/harbour/original.jpg`, originalWidth: 96, originalHeight: 64, originalSizeBytes: 1234, originalFormat: "jpeg" },
    });
    const list = await checked("GET", "/api/v1/images", { token, query: { page: "1", pageSize: "10" } });
    expect(list.body.images.map((item: { id: string }) => item.id)).toEqual([image.id]);
    expect((await checked("GET", "/api/v1/images", { token, query: { pageSize: "1000" } })).status).toBe(422);
    expect((await checked("GET", "/api/v1/images/{id}", { token, params: { id: image.id } })).status).toBe(200);
    expect((await checked("POST", "/api/v1/images/checksums", { token, json: { sha256: ["a".repeat(64)] } })).body).toEqual({ known: [] });
    expect((await checked("GET", "/api/v1/jobs/{id}", { token, params: { id: "no-such-job" } })).status).toBe(404);
    expect((await checked("GET", "/api/v1/batches/{id}", { token, params: { id: "no-such-batch" } })).status).toBe(404);
    expect((await checked("GET", "/api/v1/pipelines", { token })).status).toBe(200);
    expect((await checked("DELETE", "/api/v1/images/{id}", { token, params: { id: image.id } })).status).toBe(204);
  });

  it("answers the audio calls with the documented shapes", async () => {
    expect((await checked("GET", "/api/v1/audio/projects", { token })).status).toBe(200);
    const project = await checked("POST", "/api/v1/audio/projects", { token, json: { name: "Documented song" } });
    expect(project.status).toBe(201);
    const id = project.body.project.id as string;
    expect((await checked("PATCH", "/api/v1/audio/projects/{id}", { token, params: { id }, json: { description: "For the document" } })).status).toBe(200);
    const track = await checked("POST", "/api/v1/audio/projects/{id}/tracks", {
      token,
      params: { id },
      json: { name: "Vocals", fileFormat: "wav", duration: 12.5, fileSizeBytes: 2_205_044 },
    });
    expect(track.status).toBe(201);
    const trackId = track.body.track.id as string;
    expect((await checked("GET", "/api/v1/audio/projects/{id}", { token, params: { id } })).status).toBe(200);
    expect((await checked("PUT", "/api/v1/audio/projects/{id}/tracks", { token, params: { id }, json: { trackIds: [trackId] } })).status).toBe(200);
    expect((await checked("GET", "/api/v1/audio/tracks/{id}", { token, params: { id: trackId } })).status).toBe(200);
    expect((await checked("PATCH", "/api/v1/audio/tracks/{id}", { token, params: { id: trackId }, json: { volume: 0.5, solo: true } })).status).toBe(200);
    expect((await checked("PATCH", "/api/v1/audio/tracks/{id}", { token, params: { id: trackId }, json: { volume: 9 } })).status).toBe(422);
    // Its only track is on the device, so there is nothing to mix on the server.
    expect((await checked("POST", "/api/v1/audio/projects/{id}/mixdowns", { token, params: { id }, json: {} })).status).toBe(422);
    expect((await checked("GET", "/api/v1/audio/mixdowns/{id}", { token, params: { id: "no-such-mixdown" } })).status).toBe(404);
    expect((await checked("DELETE", "/api/v1/audio/tracks/{id}", { token, params: { id: trackId } })).status).toBe(204);
    expect((await checked("DELETE", "/api/v1/audio/projects/{id}", { token, params: { id } })).status).toBe(204);
  });

  it("answers the box reads and the error report with the documented shapes", async () => {
    expect((await checked("GET", "/api/v1/boxes/tiers", { token })).status).toBe(200);
    expect((await checked("GET", "/api/v1/boxes", { token })).status).toBe(200);
    expect((await checked("GET", "/api/v1/boxes/{id}", { token, params: { id: "no-such-box" } })).status).toBe(404);
    expect((await checked("POST", "/api/v1/boxes/{id}/actions", { token, params: { id: "no-such-box" }, json: { action: "START" } })).status).toBe(404);
    expect((await checked("POST", "/api/v1/client-errors", { json: { message: "Documented failure", route: "/docs/api" } })).status).toBe(201);
    expect((await checked("POST", "/api/v1/client-errors", { json: { stack: "no message" } })).status).toBe(422);
  });
});
