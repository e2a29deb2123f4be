/**
 * Boxes (cloud desktops) for the desktop window: the person's boxes and the sizes on offer, asking
 * a box to start, stop or restart, making a new one, and the address of a running box's screen
 * (the server's WebSocket VNC proxy, opened with a one-minute ticket from the API).
 */
import type { ApiClient } from "@spike-land/shared/api/client";
import type { BoxListView, BoxScreen, BoxView, ParsedRequestOf } from "../ipc/contract.ts";
import { CoreError } from "./errors.ts";

export type BoxServiceOptions = {
  /** The signed-in API client; unauthorized when signed out. */
  client(): Promise<{ api: ApiClient; serverUrl: string }>;
};

export type BoxService = {
  "boxes:list"(request: ParsedRequestOf<"boxes:list">): Promise<BoxListView>;
  "boxes:action"(request: ParsedRequestOf<"boxes:action">): Promise<BoxView>;
  "boxes:create"(request: ParsedRequestOf<"boxes:create">): Promise<BoxView>;
  "boxes:screen"(request: ParsedRequestOf<"boxes:screen">): Promise<BoxScreen>;
};

const SIGNED_OUT = "You are signed out. Sign in to see and use your boxes.";

/**
 * The screen proxy's address for a ticket `path` from the API. The API is reached under the
 * server address the person signed in with (`<server>/api/v1`), so the proxy path goes under it too.
 */
export function screenUrl(serverUrl: string, path: string): string {
  const server = new URL(serverUrl);
  if (!path.startsWith("/")) throw new CoreError("internal", "The server sent a screen address this app cannot use.");
  const scheme = server.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${server.host}${server.pathname.replace(/\/+$/, "")}${path}`;
}

export function createBoxService(options: BoxServiceOptions): BoxService {
  async function signedIn(): Promise<{ api: ApiClient; serverUrl: string }> {
    try {
      return await options.client();
    } catch (error) {
      if (error instanceof CoreError && error.code === "unauthorized") throw new CoreError("unauthorized", SIGNED_OUT);
      throw error;
    }
  }

  return {
    "boxes:list": async () => {
      const { api } = await signedIn();
      const [{ boxes }, { tiers }] = await Promise.all([api.listBoxes(), api.boxTiers()]);
      return { boxes, tiers };
    },
    "boxes:action": async ({ boxId, action }) => {
      const { api } = await signedIn();
      await api.boxAction(boxId, action);
      // The answer names the queued action; the window wants the box with its new status and actions.
      return (await api.getBox(boxId)).box;
    },
    "boxes:create": async (input) => {
      const { api } = await signedIn();
      return (await api.createBox(input)).box;
    },
    "boxes:screen": async ({ boxId }) => {
      const { api, serverUrl } = await signedIn();
      const ticket = await api.vncTicket(boxId);
      return { url: screenUrl(serverUrl, ticket.path), password: ticket.password, expiresAt: ticket.expiresAt };
    },
  };
}
