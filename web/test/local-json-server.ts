/**
 * A JSON HTTP server on a random local port that records every request and answers with whatever the
 * test's handler returns: a stand-in for a third-party API (Prodigi, Printful) in client tests.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: unknown };
export type JsonAnswer = { status: number; body: unknown };

export async function startJsonServer(handler: (request: RecordedRequest) => JsonAnswer | Promise<JsonAnswer>) {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const request: RecordedRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body: raw ? JSON.parse(raw) : null };
        requests.push(request);
        const answer = await handler(request);
        res.writeHead(answer.status, { "Content-Type": "application/json" }).end(JSON.stringify(answer.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
