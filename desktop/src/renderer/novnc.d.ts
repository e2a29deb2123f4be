/** Types for the part of noVNC's RFB client the box viewer uses; the package itself is plain JavaScript. */
declare module "@novnc/novnc" {
  export type RfbCredentials = { username?: string; password?: string; target?: string };

  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, url: string, options?: { shared?: boolean; credentials?: RfbCredentials; wsProtocols?: string[] });
    /** Fit the remote screen into the target element, keeping its proportions. */
    scaleViewport: boolean;
    /** Take the keyboard when the screen is clicked. */
    focusOnClick: boolean;
    /** CSS colour around the scaled screen. */
    background: string;
    viewOnly: boolean;
    disconnect(): void;
    focus(options?: FocusOptions): void;
    blur(): void;
  }
}
