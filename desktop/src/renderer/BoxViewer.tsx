/**
 * A running box's screen inside the window: noVNC connected to the signed-in server's WebSocket
 * screen proxy with a one-minute ticket the core asks the API for. The picture is scaled to fit;
 * keyboard and mouse go to the box while its screen has focus (a click, or "Type into the box"),
 * and F8 takes the keyboard back, as in other VNC viewers, so the screen never traps it.
 */
import type RFB from "@novnc/novnc";
import { useCallback, useEffect, useRef, useState } from "react";
import type { DesktopBridge } from "./bridge.ts";

export type ViewerState = { state: "connecting" } | { state: "connected" } | { state: "disconnected"; reason: string };

export function viewerStatusText(status: ViewerState): string {
  if (status.state === "connecting") return "Connecting…";
  if (status.state === "connected") return "Connected";
  return `Disconnected: ${status.reason}`;
}

const REASONS = {
  closedByBox: "The box closed the connection.",
  lost: "The connection to the box was lost.",
  unreachable: "The box's screen could not be reached. It may have just stopped: check its status in the list.",
  credentials: "The box asked for credentials this app does not have.",
  passwordRefused: "The box refused its screen password.",
  noViewer: "The screen viewer could not be loaded. Restart the app and try again.",
} as const;

/** The key that hands the keyboard back to the window (TigerVNC and others use it for their menu). */
const RELEASE_KEY = "F8";

/** One attempt to show the screen; `ended` is set when this window ends it, so that end is not reported. */
type Attempt = { rfb: RFB | null; ended: boolean; failure: string | null };

type Props = {
  bridge: DesktopBridge;
  box: { id: string; name: string };
  onClose: () => void;
};

export function BoxViewer({ bridge, box, onClose }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const typeButtonRef = useRef<HTMLButtonElement>(null);
  const attempt = useRef<Attempt | null>(null);
  const [status, setStatus] = useState<ViewerState>({ state: "connecting" });
  const [typing, setTyping] = useState(false);
  const boxId = box.id;

  const end = useCallback(() => {
    const current = attempt.current;
    attempt.current = null;
    if (!current) return;
    current.ended = true;
    current.rfb?.disconnect();
  }, []);

  const connect = useCallback(async () => {
    end();
    const current: Attempt = { rfb: null, ended: false, failure: null };
    attempt.current = current;
    setStatus({ state: "connecting" });
    const [screen, RFBClient] = await Promise.all([
      bridge.invoke("boxes:screen", { boxId }),
      import("@novnc/novnc").then(
        (module) => module.default,
        () => null,
      ),
    ]);
    if (current.ended) return;
    const fail = (reason: string) => {
      attempt.current = null;
      setStatus({ state: "disconnected", reason });
    };
    if (!screen.ok) return fail(screen.error.message);
    if (!RFBClient || !screenRef.current) return fail(REASONS.noViewer);

    let rfb: RFB;
    try {
      rfb = new RFBClient(screenRef.current, screen.data.url, { credentials: { password: screen.data.password }, shared: true });
    } catch {
      return fail(REASONS.unreachable);
    }
    current.rfb = rfb;
    rfb.scaleViewport = true;
    rfb.focusOnClick = true;
    rfb.background = "#0f0e1a";
    let opened = false;
    rfb.addEventListener("connect", () => {
      if (current.ended) return;
      opened = true;
      setStatus({ state: "connected" });
    });
    rfb.addEventListener("securityfailure", (event) => {
      current.failure = (event as CustomEvent<{ reason?: string }>).detail.reason || REASONS.passwordRefused;
    });
    rfb.addEventListener("credentialsrequired", () => {
      current.failure = REASONS.credentials;
      rfb.disconnect();
    });
    rfb.addEventListener("disconnect", (event) => {
      if (current.ended) return;
      attempt.current = null;
      setTyping(false);
      const { clean } = (event as CustomEvent<{ clean: boolean }>).detail;
      setStatus({ state: "disconnected", reason: current.failure ?? (!opened ? REASONS.unreachable : clean ? REASONS.closedByBox : REASONS.lost) });
    });
  }, [bridge, boxId, end]);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    void connect();
    return end;
  }, [connect, end]);

  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    // Captured on the way down, before noVNC's own key handler on its canvas sends the key to the box.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== RELEASE_KEY) return;
      event.preventDefault();
      event.stopPropagation();
      attempt.current?.rfb?.blur();
      typeButtonRef.current?.focus();
    };
    const onFocusIn = () => setTyping(true);
    const onFocusOut = (event: FocusEvent) => {
      if (!frame.contains(event.relatedTarget as Node | null)) setTyping(false);
    };
    frame.addEventListener("keydown", onKeyDown, true);
    frame.addEventListener("focusin", onFocusIn);
    frame.addEventListener("focusout", onFocusOut);
    return () => {
      frame.removeEventListener("keydown", onKeyDown, true);
      frame.removeEventListener("focusin", onFocusIn);
      frame.removeEventListener("focusout", onFocusOut);
    };
  }, []);

  const connected = status.state === "connected";

  return (
    <section className="card box-viewer" aria-labelledby="box-viewer-heading">
      <div className="box-viewer-head">
        <h2 id="box-viewer-heading" ref={headingRef} tabIndex={-1} className="box-viewer-title">
          Screen of {box.name}
        </h2>
        <p role="status" aria-live="polite" className={`viewer-status viewer-${status.state}`}>
          <span className="viewer-dot" aria-hidden="true" />
          {viewerStatusText(status)}
        </p>
      </div>

      <div
        ref={frameRef}
        className={`box-screen${typing ? " box-screen-typing" : ""}`}
        role="group"
        aria-label={`Screen of ${box.name}`}
      >
        <div ref={screenRef} className="box-screen-target" data-testid="box-screen" />
        {!connected && (
          <div className="box-screen-overlay" aria-hidden="true">
            {status.state === "connecting" ? <span className="spinner spinner-large" /> : <p>No picture</p>}
          </div>
        )}
      </div>

      <p className="field-hint" id="box-viewer-help">
        {typing
          ? `Your keyboard and mouse go to ${box.name}. Press ${RELEASE_KEY} to take the keyboard back.`
          : `Click the screen, or press Type into the box, to send your keyboard and mouse to it. ${RELEASE_KEY} takes the keyboard back.`}
      </p>

      <div className="actions">
        <button
          ref={typeButtonRef}
          className="button button-secondary button-small"
          type="button"
          disabled={!connected}
          aria-describedby="box-viewer-help"
          onClick={() => attempt.current?.rfb?.focus()}
        >
          Type into the box
        </button>
        <button className="button button-secondary button-small" type="button" onClick={() => void connect()}>
          Reconnect
        </button>
        <button className="button button-quiet button-small" type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
