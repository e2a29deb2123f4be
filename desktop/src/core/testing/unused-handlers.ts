/** Handlers for every contract channel that fail if called: tests spread their own over these. */
import { invokeChannelNames, type Handlers } from "../../ipc/contract.ts";

export function unusedHandlers(): Handlers {
  return Object.fromEntries(
    invokeChannelNames.map((channel) => [
      channel,
      async () => {
        throw new Error(`${channel} is not used by this test`);
      },
    ]),
  ) as unknown as Handlers;
}
