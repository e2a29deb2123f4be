/**
 * One bulk upload from start to end: progress, counts, what is being worked on, pause / resume /
 * cancel, then the report (what was left out and why) and the albums, with a way to open each on the web.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { DesktopBridge, IpcError, UploadRunView } from "./bridge.ts";
import { EnhancePanel } from "./EnhancePanel.tsx";
import {
  countOf,
  fileName,
  folderName,
  formatBytes,
  formatCount,
  formatEta,
  formatWait,
  listNames,
  parentPath,
  percentOf,
  runTitle,
  stageLabel,
} from "./format.ts";
import { AlertIcon, CheckIcon } from "./icons.tsx";
import { ProgressBar } from "./ProgressBar.tsx";

type Props = {
  bridge: DesktopBridge;
  run: UploadRunView;
  /** Answers to the window's own requests, which may arrive before the matching event. */
  onChanged: (run: UploadRunView | null) => void;
  /** Put the keyboard focus on the run's heading when it appears (after Start, not on app start). */
  focusOnMount: boolean;
};

type Action = "pause" | "resume" | "cancel" | "dismiss";

const ENDED: UploadRunView["status"][] = ["done", "cancelled", "failed"];

export function UploadRunPanel({ bridge, run, onChanged, focusOnMount }: Props) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const ids = useId();
  const now = useNowWhile(run.status === "running" && run.waitingUntil !== null);

  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, []);

  async function act(action: Action) {
    setBusy(action);
    setError(null);
    const result = await bridge.invoke(`upload:${action}`);
    setBusy(null);
    setConfirmingCancel(false);
    if (!result.ok) return setError(result.error);
    onChanged(result.data);
  }

  const { counts, status } = run;
  const ended = ENDED.includes(status);
  const waiting = status === "running" && run.waitingUntil !== null;
  const processed = Math.max(0, counts.found - counts.remaining);
  const photosText = run.scanning
    ? `${formatCount(processed)} of ${countOf(counts.found, "photo")} so far, still looking`
    : `${formatCount(processed)} of ${countOf(counts.found, "photo")}`;
  const hashText = `${formatCount(counts.hashed)} of ${formatCount(counts.found)} · ${formatBytes(run.bytes.hashed)} of ${formatBytes(run.bytes.toHash)}`;
  const folderNames = run.folders.map(folderName);

  return (
    <div className="run">
      <section className={`card run-card run-${status}`} aria-labelledby={`${ids}-title`}>
        <div className="run-head">
          <div className="run-head-text">
            <h2 id={`${ids}-title`} ref={headingRef} tabIndex={-1} className="run-title">
              {status === "done" && <CheckIcon />}
              {runTitle(status)}
            </h2>
            <p className="run-folders" title={run.folders.join("\n")}>
              {listNames(folderNames)}
              {run.uploadOriginals ? " · originals" : ""}
            </p>
          </div>
          <span className={`status-pill status-${status}`}>{statusWord(run)}</span>
        </div>

        {/* Read out when the status or the message changes, not on every count. */}
        <p className="visually-hidden" role="status">
          {runTitle(status)}. {run.message ?? ""}
        </p>

        {waiting ? (
          // The core's message names the wait once; this one counts it down.
          <p className="notice">The server's upload limit is reached. Sending again {formatWait(run.waitingUntil ?? "", now)}.</p>
        ) : run.message ? (
          <p className={status === "failed" ? "alert" : status === "done" ? "notice notice-ok" : "notice"}>
            {status === "failed" && <AlertIcon />}
            <span>{run.message}</span>
          </p>
        ) : status === "paused" ? (
          <p className="notice">Paused: nothing is sent until you resume.</p>
        ) : null}

        <ProgressBar label="Photos" percent={run.scanning && counts.found === 0 ? null : percentOf(processed, counts.found)} valueText={photosText} tone={status === "done" ? "done" : "brand"} />
        <ProgressBar
          label="Checking for duplicates"
          percent={run.scanning && run.bytes.toHash === 0 ? null : percentOf(run.bytes.hashed, run.bytes.toHash)}
          valueText={hashText}
          size="small"
          tone="soft"
        />

        <dl className="run-counts">
          <Count label="Found" value={counts.found} name="found" />
          <Count label="Uploaded" value={counts.uploaded} name="uploaded" />
          <Count label="Duplicates" value={counts.duplicates} name="duplicates" />
          <Count label="Skipped" value={counts.skipped} name="skipped" />
          <Count label="Failed" value={counts.failed} name="failed" warn={counts.failed > 0} />
        </dl>

        {status === "running" && !waiting && <p className="eta">{formatEta(run.etaSeconds)}</p>}

        {status === "running" && run.active.length > 0 && (
          <div className="active">
            <h3 id={`${ids}-active`} className="subheading">
              Working on
            </h3>
            <ul className="active-list" aria-labelledby={`${ids}-active`}>
              {run.active.map((file) => (
                <li key={`${file.stage} ${file.path}`} className="active-item">
                  <span className={`stage stage-${file.stage}`}>{stageLabel(file.stage)}</span>
                  <span className="active-file" title={file.path}>
                    <span className="active-name">{fileName(file.path)}</span>
                    <span className="active-dir">{parentPath(file.path)}</span>
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}

        {error && (
          <div className="alert" role="alert">
            <AlertIcon />
            <p>{error.message}</p>
          </div>
        )}

        {confirmingCancel ? (
          <div className="confirm" role="group" aria-labelledby={`${ids}-confirm`}>
            <p id={`${ids}-confirm`}>Stop this upload? Photos already sent stay in their albums.</p>
            <div className="actions">
              <button className="button button-danger" type="button" onClick={() => act("cancel")} disabled={busy !== null} aria-busy={busy === "cancel"}>
                {busy === "cancel" ? "Cancelling…" : "Yes, cancel"}
              </button>
              <button className="button button-quiet" type="button" onClick={() => setConfirmingCancel(false)} disabled={busy !== null}>
                Don't cancel
              </button>
            </div>
          </div>
        ) : (
          <div className="actions">
            {status === "running" && (
              <button className="button button-secondary" type="button" onClick={() => act("pause")} disabled={busy !== null} aria-busy={busy === "pause"}>
                {busy === "pause" ? "Pausing…" : "Pause"}
              </button>
            )}
            {(status === "paused" || status === "interrupted") && (
              <button className="button button-primary" type="button" onClick={() => act("resume")} disabled={busy !== null} aria-busy={busy === "resume"}>
                {busy === "resume" ? "Resuming…" : "Resume"}
              </button>
            )}
            {(status === "running" || status === "paused") && (
              <button className="button button-quiet" type="button" onClick={() => setConfirmingCancel(true)} disabled={busy !== null}>
                Cancel
              </button>
            )}
            {status === "interrupted" && (
              <button className="button button-quiet" type="button" onClick={() => act("dismiss")} disabled={busy !== null} aria-busy={busy === "dismiss"}>
                {busy === "dismiss" ? "Discarding…" : "Discard"}
              </button>
            )}
            {ended && (
              <button className="button button-secondary" type="button" onClick={() => act("dismiss")} disabled={busy !== null} aria-busy={busy === "dismiss"}>
                {busy === "dismiss" ? "Clearing…" : "Upload more folders"}
              </button>
            )}
          </div>
        )}
      </section>

      {run.albums.length > 0 && <AlbumList bridge={bridge} run={run} />}
      {status === "done" && run.albums.some((album) => album.id !== null && album.done > 0) && <EnhancePanel bridge={bridge} />}
      {ended && <Report run={run} />}
    </div>
  );
}

function statusWord(run: UploadRunView): string {
  if (run.status === "running") {
    if (run.waitingUntil) return "Waiting";
    return run.scanning && run.counts.found === 0 ? "Looking for photos" : "In progress";
  }
  return { paused: "Paused", interrupted: "Interrupted", done: "Done", cancelled: "Cancelled", failed: "Stopped" }[run.status];
}

function Count({ label, value, name, warn = false }: { label: string; value: number; name: string; warn?: boolean }) {
  return (
    <div className={warn ? "count count-warn" : "count"}>
      <dt>{label}</dt>
      <dd data-testid={`count-${name}`}>{formatCount(value)}</dd>
    </div>
  );
}

/** The albums this run fills, each with how far along it is and a way to open it on the web. */
function AlbumList({ bridge, run }: { bridge: DesktopBridge; run: UploadRunView }) {
  const [error, setError] = useState<IpcError | null>(null);
  const ids = useId();

  async function open(albumId: string) {
    setError(null);
    const result = await bridge.invoke("album:open", { albumId });
    if (!result.ok) setError(result.error);
  }

  return (
    <section className="card" aria-labelledby={`${ids}-albums`}>
      <h2 id={`${ids}-albums`} className="card-label">
        {run.albums.length === 1 ? "Album" : "Albums"}
      </h2>
      <ul className="album-list" aria-labelledby={`${ids}-albums`}>
        {run.albums.map((album, index) => {
          const nameId = `${ids}-album-${index}`;
          return (
            <li key={album.id ?? `new ${album.name}`} className="album-item">
              <div className="album-text">
                <p id={nameId} className="album-name">
                  {album.name}
                </p>
                <p className="album-meta">
                  {formatCount(album.done)} of {countOf(album.files, "photo")} in the album
                  {album.id === null ? " · not created yet" : ""}
                </p>
              </div>
              <button
                className="button button-quiet button-small"
                type="button"
                onClick={() => album.id && open(album.id)}
                disabled={album.id === null}
                aria-describedby={nameId}
              >
                Open on the web
              </button>
            </li>
          );
        })}
      </ul>
      {error && (
        <div className="alert" role="alert">
          <AlertIcon />
          <p>{error.message}</p>
        </div>
      )}
    </section>
  );
}

/** The files left out, by kind; each list folds away, failures open from the start. */
function Report({ run }: { run: UploadRunView }) {
  const { report } = run;
  const ids = useId();
  const groups = [
    { key: "failed", title: "Failed", hint: "These could not be sent. Drop their folder again to retry them.", files: report.failed, more: report.more.failed, open: true },
    { key: "duplicates", title: "Duplicates", hint: "Already in your library, or the same photo twice in these folders: not sent again.", files: report.duplicates, more: report.more.duplicates, open: false },
    { key: "skipped", title: "Skipped", hint: "Not photos Spike Land can use.", files: report.skipped, more: report.more.skipped, open: false },
  ] as const;
  const leftOut = groups.some((group) => group.files.length + group.more > 0);

  return (
    <section className="card" aria-labelledby={`${ids}-report`}>
      <h2 id={`${ids}-report`} className="card-label">
        Report
      </h2>
      {!leftOut && <p className="report-clean">Nothing was left out: every photo found is in its album.</p>}
      {groups.map((group) =>
        group.files.length + group.more === 0 ? null : (
          <details key={group.key} className={`report-group report-${group.key}`} open={group.open}>
            <summary>
              <span className="report-summary-title">{group.title}</span>
              <span className="report-count">{formatCount(group.files.length + group.more)}</span>
            </summary>
            <p className="field-hint">{group.hint}</p>
            <ul className="report-list" aria-label={group.title}>
              {group.files.map((file, index) => (
                <li key={`${index} ${file.path}`} className="report-item">
                  <span className="report-path">{file.path}</span>
                  <span className="report-reason">{file.reason}</span>
                </li>
              ))}
              {group.more > 0 && <li className="report-more">and {formatCount(group.more)} more</li>}
            </ul>
          </details>
        ),
      )}
    </section>
  );
}

/** The current time, ticking every second while `ticking` (for a countdown); frozen otherwise. */
function useNowWhile(ticking: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!ticking) return;
    setNow(new Date());
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, [ticking]);
  return now;
}
