/**
 * Serves chosen route handlers (Remix loaders/actions) over real HTTP on a random local port, for
 * code that calls the app over the network, such as the payment emulator posting its webhooks to
 * APP_URL/webhooks/stripe. Start it before the app modules load, set APP_URL to its url, then mount.
 * A path ending in `/*` matches everything below it (Remix splat routes).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => unknown;

export type RouteServer = {
  url: string;
  mount(method: string, path: string, handler: Handler): void;
  close(): Promise<void>;
};

export async function startRouteServer(): Promise<RouteServer> {
  const routes = new Map<string, Handler>();
  let base = "";
  // "GET /files/*" matches any path below /files/, handing the rest over as the splat param "*", as Remix does.
  const find = (route: string): { handler: Handler | undefined; params: Record<string, string> } => {
    const exact = routes.get(route);
    if (exact) return { handler: exact, params: {} };
    for (const [pattern, handler] of routes) {
      if (pattern.endsWith("/*") && route.startsWith(pattern.slice(0, -1))) {
        return { handler, params: { "*": decodeURIComponent(route.slice(pattern.length - 1)) } };
      }
    }
    return { handler: undefined, params: {} };
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const path = new URL(req.url ?? "/", base).pathname;
        const { handler, params } = find(`${req.method} ${path}`);
        if (!handler) {
          res.writeHead(404).end("no such route");
          return;
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const request = new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body });
        let answer: unknown;
        try {
          answer = await handler({ request, params, context: {} });
        } catch (thrown) {
          answer = thrown;
        }
        if (answer instanceof Response) {
          res.writeHead(answer.status, Object.fromEntries(answer.headers));
          res.end(Buffer.from(await answer.arrayBuffer()));
        } else {
          res.writeHead(500, { "Content-Type": "text/plain" }).end(String(answer));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    mount(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
