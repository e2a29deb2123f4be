/** GET /api/v1: the index lists every endpoint, and each entry matches what its route answers. */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { action as indexAction, loader as indexLoader, type ApiEndpoint } from "./api.v1._index.tsx";
import { getRequest, routeArgs, run } from "../../test/request.ts";

const ROUTES_DIR = fileURLToPath(new URL(".", import.meta.url));

/** `/api/v1/images/:id/enhance` → `api.v1.images.$id.enhance.tsx`; a dot inside a segment is written `[.]`. */
const routeFile = (path: string) =>
  path === "/api/v1" ? "api.v1._index.tsx" : `${path.slice(1).split("/").map((segment) => segment.replaceAll(".", "[.]").replace(/^:/, "$")).join(".")}.tsx`;

type RouteModule = { loader?: (args: unknown) => unknown; action?: (args: unknown) => unknown };

describe("GET /api/v1", () => {
  it("answers JSON listing each endpoint with its method, path and a description", async () => {
    const result = await run(() => indexLoader());
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(result.body.endpoints).toContainEqual({ method: "POST", path: "/api/v1/images/:id/enhance", description: expect.any(String) });
    for (const endpoint of result.body.endpoints as ApiEndpoint[]) expect(endpoint.description.length).toBeGreaterThan(5);
    const other = await run(() => indexAction());
    expect(other.status).toBe(405);
    expect(other.headers.get("Allow")).toBe("GET");
  });

  it("leaves out no API route", async () => {
    const listed = new Set(((await run(() => indexLoader())).body.endpoints as ApiEndpoint[]).map((endpoint) => routeFile(endpoint.path)));
    const files = readdirSync(ROUTES_DIR).filter((file) => file.startsWith("api.v1.") && file.endsWith(".tsx") && file !== "api.v1.$.tsx");
    expect([...listed].sort()).toEqual(files.sort());
  });

  it("names for each path exactly the methods its route accepts", async () => {
    const endpoints = (await run(() => indexLoader())).body.endpoints as ApiEndpoint[];
    const byPath = new Map<string, string[]>();
    for (const endpoint of endpoints) byPath.set(endpoint.path, [...(byPath.get(endpoint.path) ?? []), endpoint.method]);
    for (const [path, methods] of byPath) {
      const route = (await import(/* @vite-ignore */ `${ROUTES_DIR}${routeFile(path)}`)) as RouteModule;
      const concrete = path.replaceAll(":id", "some-id");
      // A method the index does not list, sent to the route, is refused with the methods it does accept.
      const unlisted = methods.includes("GET") ? ["PUT", "PATCH", "POST", "DELETE"].find((method) => !methods.includes(method))! : "GET";
      const handler = unlisted === "GET" ? route.loader : route.action;
      const answer = await run(() => handler!(routeArgs(getRequest(concrete, { method: unlisted }), { id: "some-id" })));
      expect({ path, status: answer.status, allow: answer.headers.get("Allow")?.split(", ").sort() }).toEqual({ path, status: 405, allow: [...methods].sort() });
    }
  });
});
