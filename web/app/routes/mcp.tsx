/**
 * /mcp — the MCP server for AI clients (Streamable HTTP, stateless): POST carries JSON-RPC
 * messages; GET and DELETE answer 405. Authenticated by API key (Authorization: Bearer).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleMcpRequest } from "../.server/mcp/server.server.ts";

export function loader({ request }: LoaderFunctionArgs) {
  return handleMcpRequest(request);
}

export function action({ request }: ActionFunctionArgs) {
  return handleMcpRequest(request);
}
