/**
 * The "Boxes" screen: the person's cloud desktops with their status, size and paid-until time, the
 * actions each allows now, a form for a new box, and the screen of a running one. While a box is on
 * its way (creating, starting, stopping) the list is checked again every two seconds.
 */
import { forwardRef, useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { BoxListView, BoxView } from "../ipc/contract.ts";
import type { DesktopBridge, IpcError } from "./bridge.ts";
import { BoxViewer } from "./BoxViewer.tsx";
import {
  boxFailure,
  boxStatusLabel,
  formatPaidUntil,
  isPassing,
  statusTone,
  tierOption,
  tierSpecs,
  tokensPerHour,
} from "./boxes-format.ts";
import { formatTokenCount, tokensWord } from "./format.ts";
import "./boxes.css";

const POLL_MS = 2_000;

/** The actions this window offers; deleting and cloning stay on the web. */
const OFFERED = [
  { action: "START", label: "Start", busy: "Starting…" },
  { action: "STOP", label: "Stop", busy: "Stopping…" },
  { action: "RESTART", label: "Restart", busy: "Restarting…" },
] as const;
type OfferedAction = (typeof OFFERED)[number]["action"];

type Props = {
  bridge: DesktopBridge;
  visible: boolean;
  /** The token balance, for the new-box form. */
  balance: number;
  /** Messages from the rest of the screen (e.g. signing out failed), shown under the heading. */
  children?: ReactNode;
};

export const BoxesScreen = forwardRef<HTMLHeadingElement, Props>(function BoxesScreen({ bridge, visible, balance, children }, headingRef) {
  const [list, setList] = useState<BoxListView | null>(null);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState<Record<string, OfferedAction>>({});
  const [boxErrors, setBoxErrors] = useState<Record<string, string>>({});
  const [viewing, setViewing] = useState<{ id: string; name: string } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const viewButtons = useRef(new Map<string, HTMLButtonElement>());
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const lastStatuses = useRef(new Map<string, BoxView["status"]>());
  const active = useRef(true);

  useEffect(() => {
    active.current = true;
    return () => {
      active.current = false;
    };
  }, []);

  /** Remembers each box's status, and says out loud which boxes have changed since last time. */
  const note = useCallback((boxes: BoxView[]) => {
    const changed: string[] = [];
    for (const box of boxes) {
      const before = lastStatuses.current.get(box.id);
      if (before && before !== box.status) changed.push(`${box.name}: ${boxStatusLabel(box.status).toLowerCase()}.`);
      lastStatuses.current.set(box.id, box.status);
    }
    if (changed.length > 0) setAnnouncement(changed.join(" "));
  }, []);

  const load = useCallback(async () => {
    const result = await bridge.invoke("boxes:list");
    if (!active.current) return;
    if (!result.ok) return setLoadError(result.error);
    setLoadError(null);
    note(result.data.boxes);
    setList(result.data);
  }, [bridge, note]);

  /** Puts one box's new state into the list (a new box goes first, as the server lists them). */
  const put = useCallback(
    (box: BoxView) => {
      note([box]);
      setList((current) => {
        if (!current) return current;
        const known = current.boxes.some((candidate) => candidate.id === box.id);
        return { ...current, boxes: known ? current.boxes.map((candidate) => (candidate.id === box.id ? box : candidate)) : [box, ...current.boxes] };
      });
    },
    [note],
  );

  useEffect(() => {
    if (visible) void load();
  }, [visible, load]);

  const passing = list?.boxes.some((box) => isPassing(box.status)) ?? false;
  useEffect(() => {
    if (!visible || !passing) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [visible, passing, list, load]);

  /** Starting or making a box spends tokens: the account's balance is fetched again, quietly. */
  const refreshBalance = useCallback(() => {
    void bridge.invoke("session:refresh");
  }, [bridge]);

  async function act(box: BoxView, action: OfferedAction) {
    setBusy((current) => ({ ...current, [box.id]: action }));
    setBoxErrors(({ [box.id]: _old, ...rest }) => rest);
    const result = await bridge.invoke("boxes:action", { boxId: box.id, action });
    if (!active.current) return;
    setBusy(({ [box.id]: _done, ...rest }) => rest);
    if (!result.ok) {
      setBoxErrors((current) => ({ ...current, [box.id]: result.error.message }));
      return;
    }
    put(result.data);
    if (action !== "STOP") refreshBalance();
  }

  function closeViewer() {
    const closed = viewing;
    setViewing(null);
    // Back to where the person asked for the screen, or to the list when that box is gone from it.
    queueMicrotask(() => (closed && viewButtons.current.get(closed.id)?.isConnected ? viewButtons.current.get(closed.id)?.focus() : listHeadingRef.current?.focus()));
  }

  return (
    <main className="account-main boxes-main" hidden={!visible}>
      <div className="account-heading">
        <h1 ref={headingRef} tabIndex={-1} className="account-title">
          Boxes
        </h1>
        <p className="lede">Desktops in the cloud with a browser, paid by the hour in tokens while they run. Watch and use their screens here.</p>
      </div>

      {children}

      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>

      {loadError && (
        <div className="alert" role="alert">
          <p>Your boxes could not be loaded: {loadError.message}</p>
        </div>
      )}

      {viewing && <BoxViewer key={viewing.id} bridge={bridge} box={viewing} onClose={closeViewer} />}

      <section className="card" aria-labelledby="boxes-list-heading">
        <div className="card-head">
          <h2 id="boxes-list-heading" ref={listHeadingRef} tabIndex={-1} className="card-label">
            Your boxes
          </h2>
          <button className="button button-quiet button-small" type="button" onClick={() => void load()}>
            Check again
          </button>
        </div>
        {!list ? (
          loadError ? null : (
            <p className="loading-line">
              <span className="spinner spinner-dark" aria-hidden="true" />
              Loading your boxes…
            </p>
          )
        ) : list.boxes.length === 0 ? (
          <p className="report-clean">No boxes yet. Make one below: it starts with a browser open, ready to use.</p>
        ) : (
          <ul className="box-list">
            {list.boxes.map((box) => (
              <li key={box.id}>
                <BoxItem
                  box={box}
                  busy={busy[box.id] ?? null}
                  error={boxErrors[box.id] ?? null}
                  viewing={viewing?.id === box.id}
                  onAction={(action) => void act(box, action)}
                  onView={() => setViewing({ id: box.id, name: box.name })}
                  viewButtonRef={(button) => {
                    if (button) viewButtons.current.set(box.id, button);
                    else viewButtons.current.delete(box.id);
                  }}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      {list && (
        <NewBoxForm
          bridge={bridge}
          tiers={list.tiers}
          balance={balance}
          onCreated={(box) => {
            put(box);
            setAnnouncement(`${box.name}: creating.`);
            refreshBalance();
          }}
        />
      )}
    </main>
  );
});

type ItemProps = {
  box: BoxView;
  busy: OfferedAction | null;
  error: string | null;
  viewing: boolean;
  onAction: (action: OfferedAction) => void;
  onView: () => void;
  viewButtonRef: (button: HTMLButtonElement | null) => void;
};

function BoxItem({ box, busy, error, viewing, onAction, onView, viewButtonRef }: ItemProps) {
  const nameId = `box-${box.id}-name`;
  const failure = boxFailure(box);
  const offered = OFFERED.filter(({ action }) => box.actions.includes(action));
  return (
    <article className="box-item" aria-labelledby={nameId}>
      <div className="box-item-head">
        <h3 id={nameId} className="box-name">
          {box.name}
        </h3>
        <span className={`status-pill box-status tone-${statusTone(box.status)}`}>
          {isPassing(box.status) && <span className="box-status-dot" aria-hidden="true" />}
          {boxStatusLabel(box.status)}
        </span>
      </div>
      <dl className="box-facts">
        <div>
          <dt>Size</dt>
          <dd>{box.tier ? `${box.tier.name} · ${tierSpecs(box.tier)}` : "No longer offered"}</dd>
        </div>
        {box.tier && (
          <div>
            <dt>Cost</dt>
            <dd>{tokensPerHour(box.tier.tokensPerHour)}</dd>
          </div>
        )}
        {box.running && (
          <div>
            <dt>Paid until</dt>
            <dd>
              <time dateTime={box.running.paidUntil}>{formatPaidUntil(box.running.paidUntil)}</time>
            </dd>
          </div>
        )}
      </dl>
      {failure && <p className="box-failure">{failure}</p>}
      {error && (
        <div className="alert" role="alert">
          <p>{error}</p>
        </div>
      )}
      {(box.status === "RUNNING" || offered.length > 0) && (
        <div className="actions">
          {box.status === "RUNNING" && (
            <button ref={viewButtonRef} className="button button-primary button-small" type="button" onClick={onView} disabled={viewing}>
              {viewing ? "Screen shown above" : "View screen"}
            </button>
          )}
          {offered.map(({ action, label, busy: busyLabel }) => (
            <button
              key={action}
              className={`button button-small ${action === "STOP" ? "button-quiet" : "button-secondary"}`}
              type="button"
              disabled={busy !== null}
              aria-busy={busy === action}
              onClick={() => onAction(action)}
            >
              {busy === action ? busyLabel : label}
            </button>
          ))}
        </div>
      )}
    </article>
  );
}

type FormProps = {
  bridge: DesktopBridge;
  tiers: BoxListView["tiers"];
  balance: number;
  onCreated: (box: BoxView) => void;
};

function NewBoxForm({ bridge, tiers, balance, onCreated }: FormProps) {
  const [name, setName] = useState("");
  const [tierId, setTierId] = useState(tiers[0]?.id ?? "");
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const tier = tiers.find((candidate) => candidate.id === tierId) ?? null;

  useEffect(() => {
    if (!tier && tiers[0]) setTierId(tiers[0].id);
  }, [tier, tiers]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreating(true);
    setError(null);
    const result = await bridge.invoke("boxes:create", { name, tierId });
    setCreating(false);
    if (!result.ok) return setError(result.error);
    setName("");
    onCreated(result.data);
  }

  const nameError = error?.fields?.name?.[0] ?? null;
  const tierError = error?.fields?.tierId?.[0] ?? null;
  const formError = error && !nameError && !tierError ? error.message : null;

  return (
    <section className="card" aria-labelledby="new-box-heading">
      <h2 id="new-box-heading" className="card-label">
        New box
      </h2>
      {tiers.length === 0 ? (
        <p className="report-clean">No box sizes are on offer on this server yet.</p>
      ) : (
        <form className="box-form" onSubmit={(event) => void submit(event)} noValidate>
          <div className={`field${nameError ? " field-invalid" : ""}`}>
            <label htmlFor="new-box-name">Name</label>
            <input
              id="new-box-name"
              name="name"
              value={name}
              maxLength={60}
              autoComplete="off"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? "new-box-name-error" : undefined}
              onChange={(event) => setName(event.target.value)}
            />
            {nameError && (
              <p className="field-error" id="new-box-name-error">
                {nameError}
              </p>
            )}
          </div>
          <div className={`field${tierError ? " field-invalid" : ""}`}>
            <label htmlFor="new-box-size">Size</label>
            <select
              id="new-box-size"
              className="select"
              name="tierId"
              value={tierId}
              aria-invalid={tierError ? true : undefined}
              aria-describedby={tierError ? "new-box-size-error new-box-cost" : "new-box-cost"}
              onChange={(event) => setTierId(event.target.value)}
            >
              {tiers.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {tierOption(candidate)}
                </option>
              ))}
            </select>
            {tierError && (
              <p className="field-error" id="new-box-size-error">
                {tierError}
              </p>
            )}
            <p className="field-hint" id="new-box-cost">
              {tier
                ? `The first hour, ${tier.tokensPerHour} ${tokensWord(tier.tokensPerHour)}, is charged as the box starts, then each hour it runs. `
                : ""}
              You have {formatTokenCount(balance)} {tokensWord(balance)}.
            </p>
          </div>
          {formError && (
            <div className="alert" role="alert">
              <p>{formError}</p>
            </div>
          )}
          <div className="actions">
            <button className="button button-primary" type="submit" disabled={creating} aria-busy={creating}>
              {creating && <span className="spinner" aria-hidden="true" />}
              {creating ? "Creating…" : "Create box"}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
