import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, ApiError } from "./client.ts";

let server: Server;
let baseUrl = "";
const seen: Array<{ method: string; url: string; auth: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization });
    res.setHeader("Content-Type", "application/json");
    if (req.url === "/api/v1/sessions") {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { code: "unauthorized", message: "That email and password don't match an account." } }));
    } else if (req.url === "/api/v1/me") {
      res.end(JSON.stringify({ user: { id: "u1", name: "Ada", email: "ada@example.com", image: null, role: "USER", emailVerified: true }, tokens: { balance: 7, tier: "FREE" } }));
    } else {
      res.end(JSON.stringify({ unexpected: true }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the API client", () => {
  it("sends the bearer token and parses the signed-in user", async () => {
    const client = new ApiClient({ baseUrl, token: "tok" });
    const me = await client.me();
    expect(me.user.name).toBe("Ada");
    expect(me.tokens.balance).toBe(7);
    expect(seen.at(-1)).toMatchObject({ method: "GET", url: "/api/v1/me", auth: "Bearer tok" });
  });

  it("surfaces the server's error message and code", async () => {
    const client = new ApiClient({ baseUrl });
    const error = await client.createSession({ email: "a@b.co", password: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: "unauthorized", message: "That email and password don't match an account." });
  });

  it("explains an unreachable server", async () => {
    const client = new ApiClient({ baseUrl: "http://127.0.0.1:1" });
    await expect(client.me()).rejects.toMatchObject({ code: "network" });
  });
});
