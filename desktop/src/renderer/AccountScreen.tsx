/** The signed-in screen: who you are on which server, your token balance, refresh and sign out. */
import { useEffect, useRef, useState } from "react";
import type { DesktopBridge, IpcError, SignedInSession, SignedOutSession } from "./bridge.ts";
import { firstName, formatTime, formatTokenCount, hostOf, initials, roleLabel, tierLabel, tokensWord } from "./format.ts";
import { Wordmark } from "./Logo.tsx";

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

export function AccountScreen({ bridge, session, refreshOnOpen, onSignedOut, onSessionEnded }: Props) {
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
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

      <main className="account-main">
        <div className="account-heading">
          <h1 ref={headingRef} tabIndex={-1} className="account-title">
            {greeting ? `Welcome back, ${greeting}` : "Welcome back"}
          </h1>
          <p className="lede">
            Signed in to <strong>{hostOf(session.serverUrl)}</strong>. Your balance and account come from there.
          </p>
        </div>

        {error && (
          <div className="alert" role="alert">
            <p>{error.message}</p>
          </div>
        )}

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
        </div>
      </main>
    </div>
  );
}
