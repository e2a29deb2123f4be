/**
 * The signed-in screen: who you are on which server, your token balance, refresh and sign out; and,
 * one tab along each, uploading folders of photos, the person's boxes (cloud desktops) and the mixer.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { BoxesScreen } from "./BoxesScreen.tsx";
import type { DesktopBridge, IpcError, SignedInSession, SignedOutSession, UploadRunView } from "./bridge.ts";
import {
  countOf,
  firstName,
  formatCount,
  formatTime,
  formatTokenCount,
  hostOf,
  initials,
  percentOf,
  roleLabel,
  tierLabel,
  tokensWord,
} from "./format.ts";
import { FolderIcon } from "./icons.tsx";
import { Wordmark } from "./Logo.tsx";
import { MixerScreen } from "./MixerScreen.tsx";
import { UploadScreen } from "./UploadScreen.tsx";
import { useUploadRun } from "./useUploadRun.ts";

type Props = {
  bridge: DesktopBridge;
  session: SignedInSession;
  /** True when the screen shows a session saved from an earlier launch, which may be stale. */
  refreshOnOpen: boolean;
  onSignedOut: (session: SignedOutSession) => void;
  /** The server ended the session; the sign-in screen should say why. */
  onSessionEnded: (message: string) => void;
};

type Busy = "refreshing" | "signingOut" | null;
type View = "account" | "uploads" | "boxes" | "mixer";

export function AccountScreen({ bridge, session, refreshOnOpen, onSignedOut, onSessionEnded }: Props) {
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [view, setView] = useState<View>("account");
  const uploads = useUploadRun(bridge);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const uploadHeadingRef = useRef<HTMLHeadingElement>(null);
  const boxesHeadingRef = useRef<HTMLHeadingElement>(null);
  const mixerHeadingRef = useRef<HTMLHeadingElement>(null);
  const firstShow = useRef(true);
  const { user, tokens } = session;
  const greeting = firstName(user.name);

  async function refresh() {
    setBusy("refreshing");
    setError(null);
    const result = await bridge.invoke("session:refresh");
    setBusy(null);
    if (result.ok) return;
    if (result.error.code === "unauthorized") onSessionEnded(result.error.message);
    else setError(result.error);
  }

  async function signOut() {
    setBusy("signingOut");
    setError(null);
    const result = await bridge.invoke("session:signOut");
    if (result.ok) {
      onSignedOut(result.data);
      return;
    }
    setBusy(null);
    setError(result.error);
  }

  useEffect(() => {
    headingRef.current?.focus();
    if (refreshOnOpen) void refresh();
    // Only on first show: later refreshes are the user's choice.
  }, []);

  useEffect(() => {
    // Switching tabs moves the focus to the new view's heading, as a page change would.
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    ({ account: headingRef, uploads: uploadHeadingRef, boxes: boxesHeadingRef, mixer: mixerHeadingRef })[view].current?.focus();
  }, [view]);

  const errorAlert = error && (
    <div className="alert" role="alert">
      <p>{error.message}</p>
    </div>
  );

  return (
    <div className="account-layout">
      <header className="top-bar">
        <Wordmark />
        <div className="top-bar-actions">
          <span className="server-chip" title={session.serverUrl}>
            <span className="server-dot" aria-hidden="true" />
            <span className="visually-hidden">Connected to </span>
            {hostOf(session.serverUrl)}
          </span>
          <button className="button button-quiet" type="button" onClick={signOut} disabled={busy !== null} aria-busy={busy === "signingOut"}>
            {busy === "signingOut" ? "Signing out…" : "Sign out"}
          </button>
        </div>
      </header>

      <nav className="section-nav" aria-label="Sections">
        <div className="section-nav-inner">
          <SectionTab current={view === "account"} onSelect={() => setView("account")}>
            Account
          </SectionTab>
          <SectionTab current={view === "uploads"} onSelect={() => setView("uploads")}>
            Upload folders
            <RunBadge run={uploads.run} />
          </SectionTab>
          <SectionTab current={view === "boxes"} onSelect={() => setView("boxes")}>
            Boxes
          </SectionTab>
          <SectionTab current={view === "mixer"} onSelect={() => setView("mixer")}>
            Mixer
          </SectionTab>
        </div>
      </nav>

      <UploadScreen ref={uploadHeadingRef} bridge={bridge} uploads={uploads} visible={view === "uploads"}>
        {view === "uploads" && errorAlert}
      </UploadScreen>

      <BoxesScreen ref={boxesHeadingRef} bridge={bridge} visible={view === "boxes"} balance={tokens.balance}>
        {view === "boxes" && errorAlert}
      </BoxesScreen>

      <MixerScreen ref={mixerHeadingRef} bridge={bridge} visible={view === "mixer"}>
        {view === "mixer" && errorAlert}
      </MixerScreen>

      <main className="account-main" hidden={view !== "account"}>
        <div className="account-heading">
          <h1 ref={headingRef} tabIndex={-1} className="account-title">
            {greeting ? `Welcome back, ${greeting}` : "Welcome back"}
          </h1>
          <p className="lede">
            Signed in to <strong>{hostOf(session.serverUrl)}</strong>. Your balance and account come from there.
          </p>
        </div>

        {view === "account" && errorAlert}

        <div className="card-grid">
          <section className="card profile-card" aria-labelledby="profile-heading">
            <h2 id="profile-heading" className="card-label">
              Account
            </h2>
            <div className="profile">
              <span className="avatar" aria-hidden="true">
                {initials(user.name, user.email)}
              </span>
              <div className="profile-text">
                <p className="profile-name">{user.name ?? "Unnamed account"}</p>
                <p className="profile-email">{user.email ?? "No email address"}</p>
              </div>
            </div>
            <dl className="facts">
              <div>
                <dt>Role</dt>
                <dd>
                  <span className="badge">{roleLabel(user.role)}</span>
                </dd>
              </div>
              <div>
                <dt>Email</dt>
                <dd>{user.emailVerified ? "Verified" : "Not verified yet"}</dd>
              </div>
            </dl>
            <a className="text-link" href={session.serverUrl} target="_blank" rel="noreferrer">
              Open Spike Land in your browser
            </a>
          </section>

          <section className="card tokens-card" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading" className="card-label">
              Token balance
            </h2>
            <p className="balance" aria-live="polite">
              <span className="balance-amount">{formatTokenCount(tokens.balance)}</span>{" "}
              <span className="balance-unit">{tokensWord(tokens.balance)}</span>
            </p>
            <p className="balance-meta">
              <span className="badge badge-soft">{tierLabel(tokens.tier)}</span>
              <span>Updated {formatTime(session.refreshedAt)}</span>
            </p>
            <button className="button button-secondary" type="button" onClick={refresh} disabled={busy !== null} aria-busy={busy === "refreshing"}>
              {busy === "refreshing" && <span className="spinner spinner-dark" aria-hidden="true" />}
              {busy === "refreshing" ? "Refreshing…" : "Refresh"}
            </button>
          </section>

          <section className="card uploads-card" aria-labelledby="uploads-heading">
            <div className="uploads-card-icon" aria-hidden="true">
              <FolderIcon size={36} />
            </div>
            <div className="uploads-card-text">
              <h2 id="uploads-heading" className="card-label">
                Upload folders
              </h2>
              <p>{uploadSummary(uploads.run)}</p>
            </div>
            <button className="button button-secondary" type="button" onClick={() => setView("uploads")}>
              {uploads.run ? "Show the upload" : "Go to uploads"}
            </button>
          </section>
        </div>
      </main>
    </div>
  );
}

function SectionTab({ current, onSelect, children }: { current: boolean; onSelect: () => void; children: ReactNode }) {
  return (
    <button className="section-tab" type="button" aria-current={current ? "page" : undefined} onClick={onSelect}>
      {children}
    </button>
  );
}

/** How the upload is going, at a glance from the other tab. */
function RunBadge({ run }: { run: UploadRunView | null }) {
  if (!run) return null;
  const { counts } = run;
  const text =
    run.status === "running" || run.status === "paused"
      ? `${percentOf(counts.found - counts.remaining, counts.found)}%`
      : { interrupted: "Interrupted", done: "Done", cancelled: "Cancelled", failed: "Stopped" }[run.status];
  return <span className={`tab-badge status-${run.status}`}>{text}</span>;
}

function uploadSummary(run: UploadRunView | null): string {
  if (!run) return "Drop whole folders of photos: they are checked here, duplicates are left out and the rest go into albums, ready to enhance.";
  const progress = `${formatCount(Math.max(0, run.counts.found - run.counts.remaining))} of ${countOf(run.counts.found, "photo")}`;
  switch (run.status) {
    case "running":
      return `Uploading: ${progress} done.`;
    case "paused":
      return `Paused at ${progress}.`;
    case "interrupted":
      return "An upload was interrupted when the app closed. Resume it or discard it.";
    case "done":
      return `The last upload finished: ${countOf(run.counts.uploaded, "photo")} uploaded. Its report is waiting.`;
    case "cancelled":
      return "The last upload was cancelled. Its report is waiting.";
    case "failed":
      return "The last upload stopped with a problem. See what happened.";
  }
}
