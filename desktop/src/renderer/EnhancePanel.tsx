/**
 * "Enhance all" for the albums an upload filled: what it costs (photos × tier, per album, against the
 * balance), a tier to change it, then each album's batch as it is enhanced.
 */
import { useEffect, useId, useRef, useState } from "react";
import { ENHANCEMENT_TIERS, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import type { DesktopBridge, EnhanceProgress, EnhanceQuote, IpcError } from "./bridge.ts";
import { countOf, enhancementSum, enhancementTierName, enhancementTierOption, formatCount, formatTokenCount, percentOf, tokensWord } from "./format.ts";
import { AlertIcon, CheckIcon } from "./icons.tsx";
import { ProgressBar } from "./ProgressBar.tsx";

type Props = { bridge: DesktopBridge };
/** "" keeps each album's own tier. */
type TierChoice = EnhancementTier | "";

export function EnhancePanel({ bridge }: Props) {
  const [progress, setProgress] = useState<EnhanceProgress | null>(null);
  const [quote, setQuote] = useState<EnhanceQuote | null>(null);
  const [tier, setTier] = useState<TierChoice>("");
  const [busy, setBusy] = useState<"quoting" | "starting" | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [slowStart, setSlowStart] = useState(false);
  const heardEvent = useRef(false);
  const ids = useId();

  useEffect(() => {
    // Albums are started one by one, and the server's batch limit can make the app wait between them.
    if (busy !== "starting") return setSlowStart(false);
    const timer = window.setTimeout(() => setSlowStart(true), 6000);
    return () => window.clearTimeout(timer);
  }, [busy]);

  useEffect(() => {
    let active = true;
    const unsubscribe = bridge.on("enhance:changed", (next) => {
      if (!active) return;
      heardEvent.current = true;
      setProgress(next);
    });
    void bridge.invoke("enhance:get").then((result) => {
      if (active && result.ok && !heardEvent.current) setProgress(result.data);
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [bridge]);

  async function ask(nextTier: TierChoice) {
    setTier(nextTier);
    setBusy("quoting");
    setError(null);
    const result = await bridge.invoke("enhance:quote", nextTier ? { tier: nextTier } : {});
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setQuote(result.data);
  }

  async function start() {
    setBusy("starting");
    setError(null);
    const result = await bridge.invoke("enhance:start", tier ? { tier } : {});
    setBusy(null);
    if (!result.ok) return setError(result.error);
    heardEvent.current = true;
    setProgress(result.data);
    setQuote(null);
    // The balance on the account screen moves with the charge; failures here change nothing shown.
    void bridge.invoke("session:refresh");
  }

  const batches = progress?.batches ?? [];
  const started = batches.length > 0;
  const short = quote ? Math.max(0, quote.cost - quote.balance) : 0;

  return (
    <section className="card enhance-card" aria-labelledby={`${ids}-title`}>
      <div className="card-head">
        <h2 id={`${ids}-title`} className="card-label">
          Enhance
        </h2>
      </div>

      {started ? (
        <EnhanceProgressList progress={batches} />
      ) : !quote ? (
        <div className="enhance-intro">
          <p>Enhance every photo in these albums in one go. You see what it costs before anything is charged.</p>
          <button className="button button-primary" type="button" onClick={() => ask(tier)} disabled={busy !== null} aria-busy={busy === "quoting"}>
            {busy === "quoting" && <span className="spinner" aria-hidden="true" />}
            {busy === "quoting" ? "Working out the cost…" : "Enhance all…"}
          </button>
        </div>
      ) : (
        <div className="quote" aria-busy={busy === "quoting"}>
          <div className="field">
            <label htmlFor={`${ids}-tier`}>Enhancement tier</label>
            <select
              id={`${ids}-tier`}
              className="select"
              value={tier}
              disabled={busy !== null}
              aria-describedby={`${ids}-tier-hint`}
              onChange={(event) => void ask(event.target.value as TierChoice)}
            >
              <option value="">Each album's own tier</option>
              {ENHANCEMENT_TIERS.map((option) => (
                <option key={option} value={option}>
                  {enhancementTierOption(option)}
                </option>
              ))}
            </select>
            <p id={`${ids}-tier-hint`} className="field-hint">
              Higher tiers give larger results and cost more tokens a photo.
            </p>
          </div>

          {quote.albums.length === 0 ? (
            <p className="notice">None of these albums has photos to enhance.</p>
          ) : (
            <ul className="quote-list" aria-label="Cost per album">
              {quote.albums.map((album) => (
                <li key={album.albumId} className="quote-item">
                  <span className="quote-album">
                    <span className="album-name">{album.name}</span>
                    <span className="album-meta">{enhancementSum(album.images, album.tier, album.cost)}</span>
                  </span>
                  <span className="quote-cost">{album.cost === 0 ? "Free" : `${formatTokenCount(album.cost)} ${tokensWord(album.cost)}`}</span>
                </li>
              ))}
            </ul>
          )}

          <dl className="quote-totals">
            <div>
              <dt>Total</dt>
              <dd data-testid="quote-total">{quote.cost === 0 ? "Free" : `${formatTokenCount(quote.cost)} ${tokensWord(quote.cost)}`}</dd>
            </div>
            <div>
              <dt>Your balance</dt>
              <dd data-testid="quote-balance">
                {formatTokenCount(quote.balance)} {tokensWord(quote.balance)}
              </dd>
            </div>
          </dl>

          {short > 0 && (
            <p className="alert" id={`${ids}-short`}>
              <AlertIcon />
              <span>
                This needs {formatCount(short)} more {tokensWord(short)} than you have. Choose a cheaper tier, or add tokens on the web and
                ask again.
              </span>
            </p>
          )}

          {error && (
            <div className="alert" role="alert">
              <AlertIcon />
              <p>{error.message}</p>
            </div>
          )}

          {slowStart && (
            <p className="field-hint" role="status">
              Still starting: each album is started in turn, and the server may ask the app to wait between them.
            </p>
          )}

          <div className="actions">
            <button
              className="button button-primary"
              type="button"
              onClick={start}
              disabled={busy !== null || short > 0 || quote.albums.length === 0}
              aria-describedby={short > 0 ? `${ids}-short` : undefined}
              aria-busy={busy === "starting"}
            >
              {busy === "starting" && <span className="spinner" aria-hidden="true" />}
              {busy === "starting" ? "Starting…" : quote.cost === 0 ? "Enhance for free" : `Enhance for ${formatTokenCount(quote.cost)} ${tokensWord(quote.cost)}`}
            </button>
            <button className="button button-quiet" type="button" onClick={() => setQuote(null)} disabled={busy === "starting"}>
              Not now
            </button>
          </div>
        </div>
      )}

      {!quote && error && (
        <div className="alert" role="alert">
          <AlertIcon />
          <p>{error.message}</p>
        </div>
      )}
    </section>
  );
}

function EnhanceProgressList({ progress }: { progress: EnhanceProgress["batches"] }) {
  const finished = progress.every((batch) => batch.finished);
  const failed = progress.reduce((sum, batch) => sum + batch.failed, 0);
  return (
    <div className="batches">
      <p className={finished ? "notice notice-ok" : "notice"} role="status">
        {finished && <CheckIcon />}
        <span>
          {finished
            ? failed > 0
              ? `Enhancing finished; ${countOf(failed, "photo")} could not be enhanced.`
              : "Enhancing finished. The results are in your albums on the web."
            : `Enhancing ${countOf(progress.length, "album")}. You can keep using the app meanwhile.`}
        </span>
      </p>
      <ul className="batch-list" aria-label="Albums being enhanced">
        {progress.map((batch) => {
          const settled = batch.done + batch.failed;
          const text = batch.total === 0 && !batch.finished ? "Starting…" : `${formatCount(settled)} of ${countOf(batch.total, "photo")}`;
          return (
            <li key={batch.batchId} className="batch-item" data-finished={batch.finished}>
              <ProgressBar
                label={batch.albumName}
                percent={batch.finished ? 100 : percentOf(settled, batch.total)}
                valueText={text}
                size="small"
                tone={batch.finished ? "done" : "brand"}
              />
              <div className="batch-foot">
                <p className="batch-meta">
                  {enhancementTierName(batch.tier)} · {formatCount(batch.done)} done · {formatCount(batch.failed)} failed
                  {batch.running > 0 ? ` · ${formatCount(batch.running)} in progress` : ""}
                  {batch.cost > 0 ? ` · ${formatTokenCount(batch.cost)} ${tokensWord(batch.cost)}` : ""}
                  {batch.skipped > 0 ? ` · ${countOf(batch.skipped, "photo")} left out: the balance ran short` : ""}
                </p>
                <span className={batch.finished ? "status-pill status-done" : "status-pill"}>{batch.finished ? "Finished" : "In progress"}</span>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
