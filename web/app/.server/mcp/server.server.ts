/**
 * The MCP endpoint (/mcp): Streamable HTTP in stateless mode. Each POST gets a new MCP server and
 * transport for the API key's owner, answers with JSON and is forgotten, so any web process can
 * take any request and nothing is kept between them. GET (a server-to-client stream) and DELETE
 * (ending a session) have nothing to do without sessions and answer 405.
 *
 * Every request needs `Authorization: Bearer <API key>`; without a valid, active key the answer is
 * 401 with `WWW-Authenticate: Bearer`. A revoked key stops working with the next request. Each
 * request counts toward the general API limit.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { MCP_BODY_LIMIT_BYTES } from "@spike-land/shared/api/mcp";
import { authenticateApiKey } from "../api-keys/api-keys.server.ts";
import { consume, RateLimitedError } from "../platform/rate-limit.server.ts";
import { recordServerError } from "../platform/error-log.server.ts";
import type { Requester } from "./generation-jobs.server.ts";
import { registerTools } from "./tools.server.ts";

export const MCP_SERVER_NAME = "spike-land";
export const MCP_SERVER_VERSION = "1.0.0";

const INSTRUCTIONS =
  "Spike Land keeps a photo library and enhances, generates and modifies images for tokens. " +
  "list_images and list_albums show what is there; upload_image adds a picture. enhance_image, generate_image and modify_image " +
  "charge tokens up front (get_balance shows the balance and prices) and return a job: call get_job with its id until it is " +
  "COMPLETED, then use its link. A job that fails is refunded.";

/** A server with every tool, working for one API key's owner. */
export function createMcpServer(requester: Requester): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  registerTools(server, requester);
  return server;
}

/** A JSON-RPC error answer outside any request (no id), as the transport gives its own. */
function jsonRpcError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("Authorization") ?? "");
  return match?.[1] ?? null;
}

/** The owner of the request's API key, or the 401 answer. */
async function authenticate(request: Request): Promise<Requester | Response> {
  const token = bearerToken(request);
  if (!token) {
    return jsonRpcError(401, "Send your Spike Land API key as Authorization: Bearer <key>. Make one under Settings → API keys.", {
      "WWW-Authenticate": 'Bearer realm="Spike Land MCP"',
    });
  }
  const found = await authenticateApiKey(token);
  if (!found) {
    return jsonRpcError(401, "That API key is not valid or has been revoked. Make a new one under Settings → API keys.", {
      "WWW-Authenticate": 'Bearer realm="Spike Land MCP", error="invalid_token"',
    });
  }
  return { userId: found.user.id, apiKeyId: found.apiKeyId };
}

/** The owner of the request's API key, when it carries a valid one (for links MCP clients open). */
export async function apiKeyOwner(request: Request): Promise<string | null> {
  const token = bearerToken(request);
  return token ? ((await authenticateApiKey(token))?.user.id ?? null) : null;
}

export async function handleMcpRequest(request: Request): Promise<Response> {
  try {
    const requester = await authenticate(request);
    if (requester instanceof Response) return requester;
    try {
      await consume("generalApi", requester.userId);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      return jsonRpcError(429, error.message, { "Retry-After": String(error.retryAfterSeconds) });
    }
    if (request.method !== "POST") {
      return jsonRpcError(405, "This MCP server keeps no sessions: send every message as a POST.", { Allow: "POST" });
    }
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: MCP_BODY_LIMIT_BYTES });
    const server = createMcpServer(requester);
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      await server.close();
    }
  } catch (error) {
    await recordServerError(error, { route: "/mcp" });
    return jsonRpcError(500, "Something went wrong on our side. It has been logged; please try again.");
  }
}
