/** Server rendering, plus the one place unexpected server errors are logged (BACKEND). */
import { Writable } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { recordServerError } from "./.server/platform/error-log.server.ts";
import { NonceProvider } from "./components/nonce.tsx";

// The server entries seed and start background work through the build, so the app (and its database
// client) is loaded once per process.
export { startBackground, stopBackground } from "./.server/background.server.ts";
export { seed } from "../../prisma/seed.ts";
// The box screen proxy in the HTTP server redeems tickets through the same build that issued them.
export { openVncTarget } from "./.server/boxes/vnc-tickets.server.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The Content-Security-Policy nonce of this response, set by the HTTP server. */
    cspNonce?: string;
  }
}

const ABORT_DELAY_MS = 5_000;
export const streamTimeout = ABORT_DELAY_MS;

export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  void recordServerError(error, { route: new URL(request.url).pathname });
  console.error(error);
}

/**
 * Renders the whole document, then answers with it in one piece. No page streams deferred data, so
 * waiting for everything costs nothing a person could see, gives the right status when a part fails,
 * and writes the page to the socket at once instead of in many small chunks.
 */
export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext, loadContext: AppLoadContext = {}) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timer);
        headers.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Buffer.concat(chunks), { headers, status }));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={context} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          status = 500;
          // Errors before the shell reach Remix (and its error log) through onShellError.
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY_MS + 1_000);
  });
}
