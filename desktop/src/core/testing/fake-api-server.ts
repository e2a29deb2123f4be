/**
 * For tests: a small real HTTP server that speaks the Spike Land /api/v1 session endpoints with the
 * shared schemas, so the core is exercised over the wire exactly as against the web app.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createSessionRequest, type MeResponse } from "@spike-land/shared/api/sessions";
import type { ApiErrorBody } from "@spike-land/shared/api/errors";

export const WRONG_PASSWORD_MESSAGE = "That email and password don't match an account.";

export type FakeAccount = MeResponse & { password: string };

export type FakeApiServer = {
  url: string;
  /** Every request seen, in order, e.g. "POST /api/v1/sessions". */
  requests: { method: string; path: string; authorization: string | undefined }[];
  accounts: Map<string, FakeAccount>;
  /** Live session tokens → account email. */
  sessions: Map<string, string>;
  close(): Promise<void>;
};

export function demoAccount(): FakeAccount {
  return {
    password: "spike-demo-2026",
    user: {
      id: "user_demo",
      name: "Demo User",
      email: "demo@spike.land",
      image: null,
      role: "USER",
      emailVerified: true,
    },
    tokens: { balance: 10, tier: "FREE" },
  };
}

export async function startFakeApiServer(accounts: FakeAccount[] = [demoAccount()]): Promise<FakeApiServer> {
  const state = {
    requests: [] as FakeApiServer["requests"],
    accounts: new Map(accounts.map((account) => [account.user.email ?? "", account])),
    sessions: new Map<string, string>(),
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, { error: { code: "internal", message: String(error) } });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const method = request.method ?? "GET";
    state.requests.push({ method, path, authorization: request.headers.authorization });
    const route = `${method} ${path}`;

    if (route === "POST /api/v1/sessions") {
      const parsed = createSessionRequest.safeParse(await readJson(request));
      if (!parsed.success) {
        return send(response, 400, { error: { code: "validation_failed", message: "Check the marked fields." } });
      }
      const account = state.accounts.get(parsed.data.email);
      if (!account || account.password !== parsed.data.password) {
        return send(response, 401, { error: { code: "unauthorized", message: WRONG_PASSWORD_MESSAGE } });
      }
      const token = randomBytes(16).toString("hex");
      state.sessions.set(token, parsed.data.email);
      const expiresAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();
      return send(response, 201, { token, expiresAt });
    }

    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const email = token ? state.sessions.get(token) : undefined;
    const account = email ? state.accounts.get(email) : undefined;
    const isApiRoute = route === "GET /api/v1/me" || route === "DELETE /api/v1/sessions/current";
    if (isApiRoute && (!token || !account)) {
      return send(response, 401, { error: { code: "unauthorized", message: "Sign in to continue." } });
    }
    if (route === "GET /api/v1/me" && account) {
      return send(response, 200, { user: account.user, tokens: account.tokens });
    }
    if (route === "DELETE /api/v1/sessions/current" && token) {
      state.sessions.delete(token);
      response.writeHead(204).end();
      return;
    }
    // Like a web app without the API: an HTML 404, not the JSON error shape.
    response.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ...state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(response: ServerResponse, status: number, body: ApiErrorBody | object) {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return null;
  }
}
