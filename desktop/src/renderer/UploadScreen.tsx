/**
 * The "Upload folders" screen: the drop zone and options while nothing is going on, otherwise the
 * current (or interrupted, or finished) run with its report and the offer to enhance its albums.
 */
import { forwardRef, useState, type ReactNode } from "react";
import type { DesktopBridge } from "./bridge.ts";
import { UploadRunPanel } from "./UploadRunPanel.tsx";
import { UploadSetup } from "./UploadSetup.tsx";
import type { UploadRunState } from "./useUploadRun.ts";

type Props = {
  bridge: DesktopBridge;
  uploads: UploadRunState;
  visible: boolean;
  /** Messages from the rest of the screen (e.g. signing out failed), shown under the heading. */
  children?: ReactNode;
};

export const UploadScreen = forwardRef<HTMLHeadingElement, Props>(function UploadScreen({ bridge, uploads, visible, children }, headingRef) {
  // Set when this window started the run, so its heading takes the focus the Start button had.
  const [startedHere, setStartedHere] = useState<string | null>(null);
  const { run } = uploads;

  return (
    <main className="account-main upload-main" hidden={!visible}>
      <div className="account-heading">
        <h1 ref={headingRef} tabIndex={-1} className="account-title">
          Upload folders
        </h1>
        <p className="lede">
          Photos are checked on this computer first: duplicates are left out, the rest go into albums on your server.
        </p>
      </div>

      {children}

      {uploads.loadError && (
        <div className="alert" role="alert">
          <p>The last upload could not be loaded: {uploads.loadError.message}</p>
        </div>
      )}

      {!uploads.loaded ? (
        <p className="loading-line" role="status">
          <span className="spinner spinner-dark" aria-hidden="true" />
          Looking for an earlier upload…
        </p>
      ) : run ? (
        <UploadRunPanel key={run.id} bridge={bridge} run={run} onChanged={uploads.setRun} focusOnMount={startedHere === run.id} />
      ) : (
        <UploadSetup
          bridge={bridge}
          visible={visible}
          onStarted={(started) => {
            setStartedHere(started.id);
            uploads.setRun(started);
          }}
        />
      )}
    </main>
  );
});
