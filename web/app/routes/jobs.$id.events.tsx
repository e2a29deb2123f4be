/**
 * GET /jobs/:id/events — Server-Sent Events with the job's progress: the server reads the row about
 * every 500 ms and sends a `job` event whenever it changed, and ends after a terminal state.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { MINUTE_MS } from "@spike-land/shared/time";
import { requireUser } from "../.server/auth/guards.server.ts";
import { jobView, TERMINAL_STATUSES, type JobView } from "../.server/jobs/views.server.ts";

const POLL_MS = 500;
const MAX_STREAM_MS = 10 * MINUTE_MS;

function isTerminal(view: JobView): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(view.status);
}

function fingerprint(view: JobView): string {
  return [view.status, view.currentStage, view.retryCount, view.errorMessage, view.enhancedWidth].join("|");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const jobId = params.id ?? "";
  const first = await jobView(user.id, jobId);
  if (!first) throw new Response("Not found", { status: 404 });
  const encoder = new TextEncoder();
  const started = Date.now();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", close);
      const send = (view: JobView) => controller.enqueue(encoder.encode(`event: job\ndata: ${JSON.stringify(view)}\n\n`));
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      let last = fingerprint(first);
      send(first);
      if (isTerminal(first)) return close();
      while (!closed && Date.now() - started < MAX_STREAM_MS) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (closed) break;
        const view = await jobView(user.id, jobId);
        if (!view) break;
        const print = fingerprint(view);
        if (print !== last) {
          last = print;
          send(view);
        } else {
          controller.enqueue(encoder.encode(": ping\n\n"));
        }
        if (isTerminal(view)) break;
      }
      close();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
