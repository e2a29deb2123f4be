/**
 * A small GitHub-shaped OAuth2 provider on a random local port, for sign-in tests without the
 * network. It implements what the app uses, and checks it the way GitHub would:
 *
 *   GET  /login/oauth/authorize     remembers the request and redirects to redirect_uri with code & state
 *   POST /login/oauth/access_token  form-encoded; client credentials by Basic auth or in the body;
 *                                   checks the code (single use), redirect_uri and the PKCE verifier
 *   GET  /user, GET /user/emails    need `Authorization: Bearer <access token>`
 *
 * It also answers Google's shapes on the same identities: /o/oauth2/v2/auth, /token and
 * /v1/userinfo (OpenID Connect claims: sub, email, email_verified, name, picture).
 *
 * The identity the next authorization signs in as is set with `signInAs`.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type GitHubEmail = { email: string; primary: boolean; verified: boolean; visibility?: string | null };
export type GitHubIdentity = { id: number; login: string; name?: string | null; avatar_url?: string; emails: GitHubEmail[] };

type PendingCode = { identity: GitHubIdentity; clientId: string; redirectUri: string; codeChallenge: string | null; challengeMethod: string | null };

export type TokenRequest = { clientAuth: "basic" | "body"; form: Record<string, string> };

export type LocalOAuthServer = {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Every access token handed out, newest last. */
  issuedTokens: string[];
  /** Every access-token request received, for checking what the app sent. */
  tokenRequests: TokenRequest[];
  /** Every authorization request's query, for checking what the app asked for. */
  authorizeRequests: URLSearchParams[];
  signInAs(identity: GitHubIdentity): void;
  close(): Promise<void>;
};

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export async function startLocalOAuthServer(options: { clientId?: string; clientSecret?: string } = {}): Promise<LocalOAuthServer> {
  const clientId = options.clientId ?? "local-client-id";
  const clientSecret = options.clientSecret ?? "local-client-secret";
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, GitHubIdentity>();
  const issuedTokens: string[] = [];
  const tokenRequests: TokenRequest[] = [];
  const authorizeRequests: URLSearchParams[] = [];
  let identity: GitHubIdentity | null = null;

  function bearer(req: http.IncomingMessage): GitHubIdentity | null {
    const match = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i);
    return match ? (tokens.get(match[1]!) ?? null) : null;
  }

  async function accessToken(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
      return json(res, 400, { error: "invalid_request", error_description: "Send the form url-encoded." });
    }
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    let id = form.client_id;
    let secret = form.client_secret;
    let clientAuth: TokenRequest["clientAuth"] = "body";
    const basic = req.headers.authorization?.match(/^Basic\s+(\S+)$/i);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
      clientAuth = "basic";
    }
    tokenRequests.push({ clientAuth, form });
    if (id !== clientId || secret !== clientSecret) {
      return json(res, 401, { error: "invalid_client", error_description: "The client_id and/or client_secret passed are incorrect." });
    }
    if (form.grant_type !== "authorization_code") return json(res, 400, { error: "unsupported_grant_type" });
    const pending = form.code ? codes.get(form.code) : undefined;
    if (!pending) return json(res, 400, { error: "invalid_grant", error_description: "The code passed is incorrect or expired." });
    codes.delete(form.code!);
    if (pending.clientId !== id) return json(res, 400, { error: "invalid_grant", error_description: "The code was issued to another client." });
    if (form.redirect_uri && form.redirect_uri !== pending.redirectUri) {
      return json(res, 400, { error: "redirect_uri_mismatch", error_description: "The redirect_uri does not match." });
    }
    if (pending.codeChallenge) {
      const verifier = form.code_verifier ?? "";
      const computed = pending.challengeMethod === "S256" ? s256(verifier) : verifier;
      if (!verifier || computed !== pending.codeChallenge) {
        return json(res, 400, { error: "invalid_grant", error_description: "The code_verifier does not match the code_challenge." });
      }
    }
    const token = `gho_${randomBytes(18).toString("base64url")}`;
    tokens.set(token, pending.identity);
    issuedTokens.push(token);
    return json(res, 200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    (async () => {
      if (req.method === "GET" && (url.pathname === "/login/oauth/authorize" || url.pathname === "/o/oauth2/v2/auth")) {
        authorizeRequests.push(url.searchParams);
        const redirectUri = url.searchParams.get("redirect_uri");
        const state = url.searchParams.get("state");
        if (url.searchParams.get("client_id") !== clientId || !redirectUri) {
          res.writeHead(400, { "Content-Type": "text/plain" });
          return res.end("Unknown client or missing redirect_uri");
        }
        const back = new URL(redirectUri);
        if (!identity) {
          back.searchParams.set("error", "access_denied");
        } else {
          const code = randomBytes(10).toString("hex");
          codes.set(code, {
            identity,
            clientId,
            redirectUri,
            codeChallenge: url.searchParams.get("code_challenge"),
            challengeMethod: url.searchParams.get("code_challenge_method"),
          });
          back.searchParams.set("code", code);
        }
        if (state) back.searchParams.set("state", state);
        res.writeHead(302, { Location: back.toString() });
        return res.end();
      }
      if (req.method === "POST" && (url.pathname === "/login/oauth/access_token" || url.pathname === "/token")) return accessToken(req, res);
      if (req.method === "GET" && url.pathname === "/v1/userinfo") {
        const who = bearer(req);
        if (!who) return json(res, 401, { error: "invalid_token" });
        const primary = who.emails.find((e) => e.primary) ?? who.emails[0];
        return json(res, 200, { sub: String(who.id), email: primary?.email, email_verified: primary?.verified ?? false, name: who.name ?? who.login, picture: who.avatar_url });
      }
      if (req.method === "GET" && (url.pathname === "/user" || url.pathname === "/user/emails")) {
        const who = bearer(req);
        if (!who) return json(res, 401, { message: "Requires authentication" });
        if (url.pathname === "/user/emails") return json(res, 200, who.emails);
        const { emails, ...user } = who;
        const publicEmail = emails.find((e) => e.primary)?.email ?? null;
        return json(res, 200, { name: null, avatar_url: `https://avatars.example/u/${who.id}`, ...user, email: publicEmail });
      }
      return json(res, 404, { message: "Not Found" });
    })().catch((error: unknown) => json(res, 500, { message: String(error) }));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    issuedTokens,
    tokenRequests,
    authorizeRequests,
    signInAs(next) {
      identity = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
