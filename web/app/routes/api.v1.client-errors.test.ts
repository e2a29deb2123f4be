import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { action, loader } from "./api.v1.client-errors.tsx";
import { jsonRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn, uniqueIp } from "../../test/fixtures.ts";

const report = (body: unknown, options: { ip?: string; token?: string } = {}) =>
  run(() => action(routeArgs(jsonRequest("/api/v1/client-errors", body, { ip: options.ip ?? uniqueIp(), ...(options.token ? { token: options.token } : {}) }))));

describe("POST /api/v1/client-errors", () => {
  it("records a FRONTEND error from an anonymous browser", async () => {
    const result = await report({
      message: "TypeError: x is undefined",
      stack: "TypeError: x is undefined\n    at render (app.js:10:5)",
      sourceFile: "http://localhost:3999/assets/app.js",
      sourceLine: 10,
      sourceColumn: 5,
      route: "/account",
      errorType: "TypeError",
    });
    expect(result.status).toBe(201);
    const row = await prisma.errorLog.findUniqueOrThrow({ where: { id: result.body.id } });
    expect(row).toMatchObject({
      environment: "FRONTEND",
      message: "TypeError: x is undefined",
      sourceFile: "http://localhost:3999/assets/app.js",
      sourceLine: 10,
      sourceColumn: 5,
      route: "/account",
      errorType: "TypeError",
      userId: null,
    });
  });

  it("attributes the error to the signed-in user", async () => {
    const user = await makeUser();
    const { token } = await signIn(user.id);
    const result = await report({ message: "boom" }, { token });
    expect(result.status).toBe(201);
    expect((await prisma.errorLog.findUniqueOrThrow({ where: { id: result.body.id } })).userId).toBe(user.id);
  });

  it("rejects a report without a message and records nothing", async () => {
    const before = await prisma.errorLog.count();
    const result = await report({ message: "   ", sourceLine: -1 });
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe("validation_failed");
    expect(Object.keys(result.body.error.fields).sort()).toEqual(["message", "sourceLine"]);
    expect(await prisma.errorLog.count()).toBe(before);
  });

  it("accepts 30 reports a minute from one address, then answers 429 with Retry-After", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 30; i++) expect((await report({ message: `error ${i}` }, { ip })).status).toBe(201);
    const limited = await report({ message: "one too many" }, { ip });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(await prisma.errorLog.count({ where: { message: "one too many" } })).toBe(0);

    // Another address is not affected.
    expect((await report({ message: "from elsewhere" })).status).toBe(201);
  });

  it("answers 405 to GET", async () => {
    const result = await run(() => loader());
    expect(result.status).toBe(405);
    expect(result.body.error.code).toBe("method_not_allowed");
  });
});
