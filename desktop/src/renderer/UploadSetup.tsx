/**
 * Before an upload: the folders to send (dropped on the window or chosen in the system's picker),
 * where their photos go, and whether to send the originals.
 */
import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import type { AlbumChoice, DesktopBridge, IpcError, UploadRunView, UploadTarget } from "./bridge.ts";
import { countOf, folderName } from "./format.ts";
import { AlertIcon, FolderIcon } from "./icons.tsx";

type TargetKind = UploadTarget["kind"];

type Props = {
  bridge: DesktopBridge;
  /** The albums list is fetched the first time the screen is actually shown. */
  visible: boolean;
  onStarted: (run: UploadRunView) => void;
};

type Albums = { status: "loading" } | { status: "loaded"; albums: AlbumChoice[] } | { status: "failed"; message: string };

export function UploadSetup({ bridge, visible, onStarted }: Props) {
  const [folders, setFolders] = useState<string[]>([]);
  const [target, setTarget] = useState<TargetKind>("newAlbum");
  const [albumId, setAlbumId] = useState("");
  const [uploadOriginals, setUploadOriginals] = useState(false);
  const [albums, setAlbums] = useState<Albums | null>(null);
  const [dragging, setDragging] = useState(false);
  const [dropProblem, setDropProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<"picking" | "starting" | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const dragDepth = useRef(0);
  const ids = useId();

  useEffect(() => {
    if (!visible || albums) return;
    setAlbums({ status: "loading" });
    void bridge.invoke("albums:list").then((result) => {
      if (!result.ok) return setAlbums({ status: "failed", message: result.error.message });
      setAlbums({ status: "loaded", albums: result.data.albums });
      setAlbumId((current) => current || (result.data.albums[0]?.id ?? ""));
    });
  }, [bridge, visible, albums]);

  useEffect(() => {
    // A drop that misses the zone must not make the window open the file instead.
    const ignore = (event: globalThis.DragEvent) => event.preventDefault();
    window.addEventListener("dragover", ignore);
    window.addEventListener("drop", ignore);
    return () => {
      window.removeEventListener("dragover", ignore);
      window.removeEventListener("drop", ignore);
    };
  }, []);

  function addFolders(paths: string[]) {
    setError(null);
    setFolders((current) => [...current, ...paths.filter((path) => !current.includes(path))]);
  }

  function carriesFiles(event: DragEvent) {
    return Array.from(event.dataTransfer.types).includes("Files");
  }

  function onDragEnter(event: DragEvent<HTMLElement>) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  }

  function onDragOver(event: DragEvent<HTMLElement>) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }

  function onDragLeave() {
    // Leaving a child of the zone also fires here; only the last leave means the pointer is out.
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    const paths: string[] = [];
    let problem: string | null = null;
    for (const file of Array.from(event.dataTransfer.files)) {
      try {
        const path = bridge.pathForFile(file);
        if (path) paths.push(path);
        else problem ??= `“${file.name}” is not a file or folder on this computer, so it was left out.`;
      } catch (thrown) {
        problem ??= thrown instanceof Error ? thrown.message : "Spike Land could not tell where the dropped items are.";
      }
    }
    if (paths.length === 0 && !problem) problem = "Nothing was dropped. Drag folders from your file manager onto this area.";
    setDropProblem(problem);
    addFolders(paths);
  }

  async function pick() {
    setBusy("picking");
    setDropProblem(null);
    const result = await bridge.invoke("folders:pick");
    setBusy(null);
    if (!result.ok) return setError(result.error);
    addFolders(result.data.folders);
  }

  async function start() {
    if (folders.length === 0) {
      return setError({ code: "validation_failed", message: "Drop or choose at least one folder first." });
    }
    if (target === "album" && !albumId) {
      return setError({ code: "validation_failed", message: "Choose the album the photos go into." });
    }
    setBusy("starting");
    setError(null);
    const chosen: UploadTarget = target === "album" ? { kind: "album", albumId } : { kind: target };
    const result = await bridge.invoke("upload:start", { folders, target: chosen, uploadOriginals });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    onStarted(result.data);
  }

  const albumList = albums?.status === "loaded" ? albums.albums : [];
  const noAlbums = albums?.status === "loaded" && albumList.length === 0;
  const albumHintId = `${ids}-album-hint`;

  return (
    <div className="upload-setup">
      <section
        className={dragging ? "drop-zone drop-zone-active" : "drop-zone"}
        aria-labelledby={`${ids}-drop`}
        aria-describedby={`${ids}-drop-hint`}
        onDragEnter={onDragEnter}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <FolderIcon size={44} />
        <h2 id={`${ids}-drop`} className="drop-title">
          Drop folders here
        </h2>
        <p id={`${ids}-drop-hint`} className="drop-hint">
          {dragging
            ? "Release to add them."
            : "Photos in subfolders come too. Files that are not photos are left out and listed at the end."}
        </p>
        <button className="button button-secondary" type="button" onClick={pick} disabled={busy !== null} aria-busy={busy === "picking"}>
          {busy === "picking" ? "Opening…" : "Choose folders…"}
        </button>
      </section>

      {dropProblem && (
        <div className="alert" role="alert">
          <AlertIcon />
          <p>{dropProblem}</p>
        </div>
      )}

      {folders.length > 0 && (
        <section className="card chosen-card" aria-labelledby={`${ids}-chosen`}>
          <div className="card-head">
            <h2 id={`${ids}-chosen`} className="card-label">
              {countOf(folders.length, "folder")} to upload
            </h2>
            <button className="button button-link" type="button" onClick={() => setFolders([])}>
              Clear all
            </button>
          </div>
          <ul className="folder-list" aria-labelledby={`${ids}-chosen`}>
            {folders.map((path) => (
              <li key={path} className="folder-item">
                <FolderIcon size={22} />
                <span className="folder-text">
                  <span className="folder-name">{folderName(path)}</span>
                  <span className="folder-path" title={path}>
                    {path}
                  </span>
                </span>
                <button
                  className="button-icon"
                  type="button"
                  aria-label={`Remove ${folderName(path)}`}
                  onClick={() => setFolders((current) => current.filter((item) => item !== path))}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card options-card" aria-labelledby={`${ids}-options`}>
        <h2 id={`${ids}-options`} className="card-label">
          Options
        </h2>
        <fieldset className="choice-group">
          <legend className="choice-legend">Where the photos go</legend>

          <div className="choice">
            <input
              id={`${ids}-album`}
              type="radio"
              name="target"
              value="album"
              checked={target === "album"}
              disabled={noAlbums}
              aria-describedby={albumHintId}
              onChange={() => setTarget("album")}
            />
            <div className="choice-body">
              <label htmlFor={`${ids}-album`} className="choice-title">
                Into an existing album
              </label>
              <div className="choice-extra">
                <label htmlFor={`${ids}-album-select`} className="visually-hidden">
                  Album
                </label>
                <select
                  id={`${ids}-album-select`}
                  className="select"
                  value={albumId}
                  disabled={albumList.length === 0}
                  aria-describedby={albumHintId}
                  onChange={(event) => {
                    setAlbumId(event.target.value);
                    setTarget("album");
                  }}
                >
                  {albums?.status === "loading" && <option value="">Loading your albums…</option>}
                  {albums?.status === "failed" && <option value="">Albums could not be loaded</option>}
                  {noAlbums && <option value="">You have no albums yet</option>}
                  {albumList.map((album) => (
                    <option key={album.id} value={album.id}>
                      {album.name} ({countOf(album.imageCount, "photo")})
                    </option>
                  ))}
                </select>
                <p id={albumHintId} className="field-hint">
                  {albums?.status === "failed" ? albums.message : "Every photo from every folder goes into this one album."}
                </p>
              </div>
            </div>
          </div>

          <div className="choice">
            <input
              id={`${ids}-new`}
              type="radio"
              name="target"
              value="newAlbum"
              checked={target === "newAlbum"}
              aria-describedby={`${ids}-new-hint`}
              onChange={() => setTarget("newAlbum")}
            />
            <div className="choice-body">
              <label htmlFor={`${ids}-new`} className="choice-title">
                A new album named after each folder
              </label>
              <p id={`${ids}-new-hint`} className="field-hint">
                A folder “Holiday” becomes the album “Holiday”, with the photos of all its subfolders.
              </p>
            </div>
          </div>

          <div className="choice">
            <input
              id={`${ids}-sub`}
              type="radio"
              name="target"
              value="perSubfolder"
              checked={target === "perSubfolder"}
              aria-describedby={`${ids}-sub-hint`}
              onChange={() => setTarget("perSubfolder")}
            />
            <div className="choice-body">
              <label htmlFor={`${ids}-sub`} className="choice-title">
                One album per subfolder
              </label>
              <p id={`${ids}-sub-hint`} className="field-hint">
                Each subfolder becomes its own album; photos lying directly in a folder go to an album named after it.
              </p>
            </div>
          </div>
        </fieldset>

        <div className="choice choice-check">
          <input
            id={`${ids}-originals`}
            type="checkbox"
            checked={uploadOriginals}
            aria-describedby={`${ids}-originals-hint`}
            onChange={(event) => setUploadOriginals(event.target.checked)}
          />
          <div className="choice-body">
            <label htmlFor={`${ids}-originals`} className="choice-title">
              Upload originals (no resizing, metadata kept)
            </label>
            <p id={`${ids}-originals-hint`} className="field-hint">
              {uploadOriginals
                ? "Files are sent exactly as they are, camera and location details included."
                : "Otherwise each photo is turned upright, sized for enhancing and sent without camera or location details."}
            </p>
          </div>
        </div>
      </section>

      {error && (
        <div className="alert" role="alert">
          <AlertIcon />
          <p>{error.message}</p>
        </div>
      )}

      <div className="actions">
        <button className="button button-primary" type="button" onClick={start} disabled={busy !== null} aria-busy={busy === "starting"}>
          {busy === "starting" && <span className="spinner" aria-hidden="true" />}
          {busy === "starting" ? "Starting…" : "Start upload"}
        </button>
      </div>
    </div>
  );
}
