/** The part of noVNC's RFB client the box viewer uses (the package ships JavaScript without types). */
declare module "@novnc/novnc" {
  export type RfbCredentials = { username?: string; password?: string; target?: string };

  export type RfbOptions = {
    shared?: boolean;
    credentials?: RfbCredentials;
    repeaterID?: string;
    wsProtocols?: string[];
  };

  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, urlOrChannel: string | WebSocket, options?: RfbOptions);
    background: string;
    clipViewport: boolean;
    focusOnClick: boolean;
    qualityLevel: number;
    compressionLevel: number;
    resizeSession: boolean;
    scaleViewport: boolean;
    showDotCursor: boolean;
    viewOnly: boolean;
    disconnect(): void;
    focus(options?: FocusOptions): void;
    blur(): void;
    sendCredentials(credentials: RfbCredentials): void;
    getImageData(): ImageData;
  }
}
