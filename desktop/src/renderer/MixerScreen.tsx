/**
 * The "Mixer" screen: the person's audio projects (kept on this computer and synced with the
 * server, offline changes included) with the sync state always in view, and one project open at a
 * time with its tracks, transport and exports.
 */
import { forwardRef, useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { formatDuration } from "@spike-land/shared/audio/formats";
import type { AudioListView, AudioSyncStatus } from "../ipc/contract.ts";
import type { DesktopBridge, IpcError } from "./bridge.ts";
import { countOf, formatBytes } from "./format.ts";
import { AlertIcon } from "./icons.tsx";
import { MixerProject } from "./MixerProject.tsx";
import { syncText } from "./MixerSync.ts";
import "./mixer.css";

type Props = {
  bridge: DesktopBridge;
  visible: boolean;
  /** Messages from the rest of the screen (e.g. signing out failed), shown under the heading. */
  children?: ReactNode;
};

export const MixerScreen = forwardRef<HTMLHeadingElement, Props>(function MixerScreen({ bridge, visible, children }, headingRef) {
  const [list, setList] = useState<AudioListView | null>(null);
  const [status, setStatus] = useState<AudioSyncStatus | null>(null);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [syncing, setSyncing] = useState(false);
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const openButtons = useRef(new Map<string, HTMLButtonElement>());
  const active = useRef(true);
  const ids = useId();

  useEffect(() => {
    active.current = true;
    return () => {
      active.current = false;
    };
  }, []);

  const load = useCallback(async () => {
    const result = await bridge.invoke("audio:list");
    if (!active.current) return;
    if (!result.ok) return setLoadError(result.error);
    setLoadError(null);
    setList(result.data);
    setStatus(result.data.status);
  }, [bridge]);

  useEffect(() => {
    const stopStatus = bridge.on("audio:status", (next) => {
      if (active.current) setStatus(next);
    });
    const stopChanged = bridge.on("audio:changed", () => {
      if (active.current) void load();
    });
    return () => {
      stopStatus();
      stopChanged();
    };
  }, [bridge, load]);

  useEffect(() => {
    if (visible) void load();
  }, [visible, load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setFormError("Give the project a name.");
    setCreating(true);
    setFormError(null);
    const result = await bridge.invoke("audio:createProject", { name });
    setCreating(false);
    if (!result.ok) return setFormError(result.error.fields?.name?.[0] ?? result.error.message);
    setName("");
    setOpenId(result.data.id);
    void load();
  }

  async function remove(projectId: string) {
    setConfirming(null);
    const result = await bridge.invoke("audio:deleteProject", { projectId });
    if (!result.ok) return setLoadError(result.error);
    void load();
    listHeadingRef.current?.focus();
  }

  async function syncNow() {
    setSyncing(true);
    const result = await bridge.invoke("audio:syncNow");
    setSyncing(false);
    if (result.ok) setStatus(result.data);
    void load();
  }

  async function dismiss() {
    const result = await bridge.invoke("audio:dismissError");
    if (result.ok) setStatus(result.data);
  }

  function close() {
    const closed = openId;
    setOpenId(null);
    void load();
    // Back to the project's Open button, or the list's heading when it has gone.
    queueMicrotask(() => {
      const button = closed ? openButtons.current.get(closed) : undefined;
      if (button?.isConnected) button.focus();
      else listHeadingRef.current?.focus();
    });
  }

  const projects = list?.projects ?? [];
  const openProject = openId ? projects.find((project) => project.id === openId) : undefined;

  return (
    <main className="account-main mixer-main" hidden={!visible}>
      <div className="account-heading mixer-heading">
        <div>
          <h1 ref={headingRef} tabIndex={-1} className="account-title">
            Mixer
          </h1>
          <p className="lede">Lay audio tracks over each other, balance them and export the mix. Changes made offline sync when you are back.</p>
        </div>
        <SyncIndicator status={status} syncing={syncing} onSync={syncNow} />
      </div>

      {children}

      {status?.lastError && (
        <div className="alert mixer-problem" role="alert">
          <AlertIcon />
          <p>{status.lastError}</p>
          <button className="button button-link" type="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}

      {loadError && (
        <div className="alert" role="alert">
          <AlertIcon />
          <p>{loadError.message}</p>
        </div>
      )}

      {openId && visible ? (
        <MixerProject
          key={openId}
          bridge={bridge}
          projectId={openId}
          projectName={openProject?.name ?? ""}
          onClose={close}
          onGone={() => {
            setOpenId(null);
            void load();
          }}
        />
      ) : (
        <div className="mixer-projects" hidden={openId !== null}>
          <section className="card" aria-labelledby={`${ids}-new`}>
            <h2 id={`${ids}-new`} className="card-label">
              New project
            </h2>
            <form className="mixer-new" onSubmit={create} noValidate>
              <div className="field">
                <label htmlFor={`${ids}-name`}>Project name</label>
                <input
                  id={`${ids}-name`}
                  value={name}
                  maxLength={80}
                  aria-invalid={formError ? true : undefined}
                  aria-describedby={formError ? `${ids}-name-error` : undefined}
                  onChange={(event) => setName(event.target.value)}
                />
                {formError && (
                  <p id={`${ids}-name-error`} className="field-error">
                    {formError}
                  </p>
                )}
              </div>
              <button className="button button-primary" type="submit" disabled={creating} aria-busy={creating}>
                {creating ? "Creating…" : "Create project"}
              </button>
            </form>
          </section>

          <section className="card" aria-labelledby={`${ids}-list`}>
            <div className="card-head">
              <h2 id={`${ids}-list`} ref={listHeadingRef} tabIndex={-1} className="card-label">
                Your projects
              </h2>
              {list?.usage && (
                <span className="mixer-usage">
                  {countOf(list.usage.projectCount, "project")} of {list.usage.projectLimit} · {formatBytes(list.usage.usedBytes)} of {formatBytes(list.usage.limitBytes)} used
                </span>
              )}
            </div>
            {!list && !loadError && (
              <p className="loading-line" role="status">
                <span className="spinner spinner-dark" aria-hidden="true" />
                Loading your projects…
              </p>
            )}
            {list && projects.length === 0 && <p className="mixer-empty">No projects yet. Make one above, then drop audio files into it.</p>}
            {projects.length > 0 && (
              <ul className="mixer-project-list" aria-labelledby={`${ids}-list`}>
                {projects.map((project) => (
                  <li key={project.id} className="mixer-project-item">
                    <div className="mixer-project-text">
                      <span className="mixer-project-name">{project.name}</span>
                      <span className="mixer-project-meta">
                        {countOf(project.trackCount, "track")} · {formatDuration(project.duration)}
                        {project.pending && <span className="badge badge-soft mixer-badge">Not synced yet</span>}
                      </span>
                    </div>
                    {confirming === project.id ? (
                      <div className="mixer-confirm" role="group" aria-label={`Delete ${project.name}?`}>
                        <span>Delete it and its tracks?</span>
                        <button className="button button-small button-danger" type="button" onClick={() => remove(project.id)}>
                          Delete
                        </button>
                        <button className="button button-small button-secondary" type="button" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </div>
                    ) : (
                      <div className="mixer-project-actions">
                        <button
                          className="button button-small button-secondary"
                          type="button"
                          ref={(element) => {
                            if (element) openButtons.current.set(project.id, element);
                            else openButtons.current.delete(project.id);
                          }}
                          onClick={() => setOpenId(project.id)}
                          aria-label={`Open ${project.name}`}
                        >
                          Open
                        </button>
                        <button className="button button-small button-quiet" type="button" onClick={() => setConfirming(project.id)} aria-label={`Delete ${project.name}`}>
                          Delete
                        </button>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </main>
  );
});

/** "All changes saved", "Offline — 3 changes will sync": always in view, announced politely. */
function SyncIndicator({ status, syncing, onSync }: { status: AudioSyncStatus | null; syncing: boolean; onSync: () => void }) {
  const { text, tone } = syncText(status);
  return (
    <div className="mixer-sync">
      <p className={`mixer-sync-state tone-${tone}`} role="status" data-testid="sync-status">
        <span className="mixer-sync-dot" aria-hidden="true" />
        {text}
      </p>
      {status && status.state !== "signedOut" && (
        <button className="button button-small button-quiet" type="button" onClick={onSync} disabled={syncing} aria-busy={syncing}>
          {syncing ? "Syncing…" : "Sync now"}
        </button>
      )}
    </div>
  );
}
