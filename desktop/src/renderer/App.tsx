/** Decides which screen the window shows, following the session the core reports. */
import { useEffect, useState, type ReactNode } from "react";
import { AccountScreen } from "./AccountScreen.tsx";
import { getBridge, type DesktopBridge, type IpcError, type SessionState } from "./bridge.ts";
import { LogoMark } from "./Logo.tsx";
import { SignInScreen } from "./SignInScreen.tsx";

export function App() {
  const [bridge] = useState(getBridge);
  if (!bridge) {
    return (
      <Centered>
        <h1>Open Spike Land from the desktop app</h1>
        <p className="lede">This page is the inside of the Spike Land desktop app and cannot run on its own.</p>
      </Centered>
    );
  }
  return <SessionScreens bridge={bridge} />;
}

function SessionScreens({ bridge }: { bridge: DesktopBridge }) {
  const [session, setSession] = useState<SessionState | null>(null);
  const [restored, setRestored] = useState(false);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    // Subscribe first so a change that lands while loading is not missed.
    const unsubscribe = bridge.on("session:changed", (next) => {
      if (active) setSession(next);
    });
    void bridge.invoke("session:get").then((result) => {
      if (!active) return;
      if (!result.ok) return setLoadError(result.error);
      setLoadError(null);
      setSession(result.data);
      setRestored(result.data.status === "signedIn");
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [bridge, attempt]);

  if (loadError) {
    return (
      <Centered>
        <h1>Spike Land could not start</h1>
        <div className="alert" role="alert">
          <p>{loadError.message}</p>
        </div>
        <button className="button button-primary" type="button" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </Centered>
    );
  }

  if (!session) {
    return (
      <Centered>
        <span className="spinner spinner-dark spinner-large" aria-hidden="true" />
        <p role="status">Loading your account…</p>
      </Centered>
    );
  }

  if (session.status === "signedOut") {
    return (
      <SignInScreen
        bridge={bridge}
        rememberedServerUrl={session.serverUrl}
        notice={notice}
        onSignedIn={(next) => {
          setNotice(null);
          setRestored(false);
          setSession(next);
        }}
      />
    );
  }

  return (
    <AccountScreen
      // A new account (or server) gets a fresh screen rather than the previous one's busy/error state.
      key={`${session.serverUrl} ${session.user.id}`}
      bridge={bridge}
      session={session}
      refreshOnOpen={restored}
      onSignedOut={(next) => {
        setNotice(null);
        setSession(next);
      }}
      onSessionEnded={setNotice}
    />
  );
}

function Centered({ children }: { children: ReactNode }) {
  return (
    <main className="centered">
      <LogoMark size={48} />
      {children}
    </main>
  );
}
