/**
 * A running box's screen in the page: noVNC through the app's WebSocket proxy. Each connection asks
 * the box's ticket route for a one-minute ticket and the box's VNC password, then opens
 * ws(s)://<this host>/boxes/<id>/vnc?ticket=…. The picture is scaled to fit; keyboard and mouse go
 * to the box while the screen has focus, which a click gives it. noVNC is loaded in the browser only.
 */
import type RFB from "@novnc/novnc";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, cx } from "../ui.tsx";

export type ViewerStatus = { state: "connecting" } | { state: "connected" } | { state: "disconnected"; reason: string };

export function viewerStatusText(status: ViewerStatus): string {
  if (status.state === "connected") return "Connected";
  if (status.state === "connecting") return "Connecting…";
  return `Disconnected: ${status.reason}`;
}

const MESSAGES = {
  closedHere: "You closed the connection.",
  closedByBox: "The box closed the connection.",
  lost: "The connection to the box was lost.",
  unreachable: "The box's screen could not be reached. Reload the page to see whether the box is still running.",
  signedOut: "You are signed out. Sign in again, then come back to this box.",
  offline: "The server could not be reached. Check your connection and try again.",
  credentials: "The box asked for credentials this page does not have.",
  passwordRefused: "The box refused its screen password.",
} as const;

type Ticket = { ticket: string; password: string };

function isTicket(body: unknown): body is Ticket {
  const value = body as Partial<Ticket> | null;
  return typeof value?.ticket === "string" && typeof value.password === "string";
}

function errorMessage(body: unknown): string | null {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" ? message : null;
}

async function fetchTicket(boxId: string, signal: AbortSignal): Promise<Ticket> {
  let response: Response;
  try {
    response = await fetch(`/boxes/${encodeURIComponent(boxId)}/vnc-ticket`, { method: "POST", headers: { Accept: "application/json" }, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new Error(MESSAGES.offline);
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isTicket(body)) return body;
  // Signed out: the route sends the browser to the sign-in page, which is not JSON.
  if (response.redirected || response.status === 401) throw new Error(MESSAGES.signedOut);
  throw new Error(errorMessage(body) ?? `The server answered ${response.status}. Try again in a moment.`);
}

function screenUrl(boxId: string, ticket: string): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/boxes/${encodeURIComponent(boxId)}/vnc?ticket=${encodeURIComponent(ticket)}`;
}

type Session = { rfb: RFB | null; abort: AbortController; failure: string | null };

export function VncViewer({ boxId, boxName }: { boxId: string; boxName: string }) {
  const frameRef = useRef<HTMLElement>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const session = useRef<Session | null>(null);
  const [status, setStatus] = useState<ViewerStatus>({ state: "connecting" });
  const [fullscreen, setFullscreen] = useState(false);

  /** Ends the current connection without reporting it: the caller says what the page shows. */
  const end = useCallback(() => {
    const current = session.current;
    session.current = null;
    current?.abort.abort();
    current?.rfb?.disconnect();
  }, []);

  const connect = useCallback(async () => {
    end();
    const current: Session = { rfb: null, abort: new AbortController(), failure: null };
    session.current = current;
    const stale = () => session.current !== current;
    setStatus({ state: "connecting" });
    try {
      const [{ ticket, password }, { default: RFBClient }] = await Promise.all([fetchTicket(boxId, current.abort.signal), import("@novnc/novnc")]);
      if (stale() || !screenRef.current) return;
      const rfb = new RFBClient(screenRef.current, screenUrl(boxId, ticket), { credentials: { password }, shared: true });
      current.rfb = rfb;
      rfb.scaleViewport = true;
      rfb.focusOnClick = true;
      rfb.background = "#0f172a";
      let connected = false;
      rfb.addEventListener("connect", () => {
        if (stale()) return;
        connected = true;
        setStatus({ state: "connected" });
      });
      rfb.addEventListener("securityfailure", (event) => {
        current.failure = (event as CustomEvent<{ reason?: string }>).detail.reason || MESSAGES.passwordRefused;
      });
      rfb.addEventListener("credentialsrequired", () => {
        current.failure = MESSAGES.credentials;
        rfb.disconnect();
      });
      rfb.addEventListener("disconnect", (event) => {
        if (stale()) return;
        session.current = null;
        const clean = (event as CustomEvent<{ clean: boolean }>).detail.clean;
        const reason = current.failure ?? (!connected ? MESSAGES.unreachable : clean ? MESSAGES.closedByBox : MESSAGES.lost);
        setStatus({ state: "disconnected", reason });
      });
    } catch (error) {
      if (stale()) return;
      session.current = null;
      setStatus({ state: "disconnected", reason: error instanceof Error ? error.message : MESSAGES.unreachable });
    }
  }, [boxId, end]);

  const disconnect = useCallback(() => {
    end();
    setStatus({ state: "disconnected", reason: MESSAGES.closedHere });
  }, [end]);

  useEffect(() => {
    void connect();
    return end;
  }, [connect, end]);

  useEffect(() => {
    const onChange = () => {
      const isFull = document.fullscreenElement !== null && document.fullscreenElement === frameRef.current;
      setFullscreen(isFull);
      if (isFull) session.current?.rfb?.focus();
    };
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void frameRef.current?.requestFullscreen().catch(() => undefined);
  };

  const dot = { connected: "bg-emerald-500", connecting: "bg-amber-400 animate-pulse", disconnected: "bg-slate-400" }[status.state];

  return (
    <section
      ref={frameRef}
      aria-label={`Screen of ${boxName}`}
      className={cx("flex flex-col gap-3", fullscreen ? "h-screen w-screen bg-slate-950 p-3" : "")}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p role="status" aria-live="polite" className={cx("inline-flex items-center gap-2 text-sm font-medium", fullscreen ? "text-slate-200" : "text-slate-700")}>
          <span aria-hidden="true" className={cx("h-2.5 w-2.5 shrink-0 rounded-full", dot)} />
          {viewerStatusText(status)}
        </p>
        <div className="flex gap-2">
          {status.state === "disconnected" ? (
            <Button type="button" onClick={() => void connect()}>
              Connect
            </Button>
          ) : (
            <Button type="button" variant="secondary" onClick={disconnect}>
              Disconnect
            </Button>
          )}
          <Button type="button" variant="secondary" onClick={toggleFullscreen} disabled={status.state !== "connected"} aria-pressed={fullscreen}>
            {fullscreen ? "Exit full screen" : "Full screen"}
          </Button>
        </div>
      </div>
      <div className={cx("relative w-full overflow-hidden bg-slate-900", fullscreen ? "min-h-0 flex-1" : "aspect-[16/10] rounded-xl shadow-sm ring-1 ring-slate-800")}>
        <div ref={screenRef} className="absolute inset-0" data-testid="box-screen" />
        {status.state !== "connected" ? (
          <div className="absolute inset-0 flex flex-col items-center justify-center gap-4 p-6 text-center text-slate-300">
            {status.state === "connecting" ? (
              <>
                <span aria-hidden="true" className="h-8 w-8 animate-spin rounded-full border-2 border-slate-600 border-t-slate-200" />
                <p className="text-sm">Opening the screen of {boxName}…</p>
              </>
            ) : (
              <>
                <p className="max-w-md text-sm">{status.reason}</p>
                <Button type="button" variant="secondary" onClick={() => void connect()}>
                  Connect again
                </Button>
              </>
            )}
          </div>
        ) : null}
        <noscript>
          <p className="absolute inset-0 flex items-center justify-center p-6 text-center text-sm text-slate-300">The box's screen needs JavaScript.</p>
        </noscript>
      </div>
      {fullscreen ? null : (
        <p className="text-sm text-slate-600">
          Click the screen to type into the box: your keyboard and mouse go to it while it has focus. Click outside it to have them back.
        </p>
      )}
    </section>
  );
}
