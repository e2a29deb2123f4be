/**
 * The MCP endpoint's place and request size, read by the HTTP server's body caps and by the MCP
 * transport alike. A tool call may carry one photo as base64 (four characters for every three
 * bytes), so a request has room for one photo at the upload limit and the JSON around it.
 */
import { MAX_UPLOAD_BYTES } from "../images/limits.ts";

export const MCP_PATH = "/mcp";

export const MCP_BODY_LIMIT_BYTES = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 1024 * 1024;
