/** A tiny typed publish/subscribe hub for the events the core pushes to whoever shows its state. */
import type { EventChannel, EventPayloadOf, Unsubscribe } from "../ipc/contract.ts";

type Listener<E extends EventChannel> = (payload: EventPayloadOf<E>) => void;

export type CoreEvents = {
  on<E extends EventChannel>(channel: E, listener: Listener<E>): Unsubscribe;
  emit<E extends EventChannel>(channel: E, payload: EventPayloadOf<E>): void;
};

export function createCoreEvents(onListenerError?: (error: unknown) => void): CoreEvents {
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  return {
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(channel, payload) {
      for (const listener of [...(listeners.get(channel) ?? [])]) {
        // One broken window must not stop the others (or the core) from hearing about the change.
        try {
          (listener as Listener<typeof channel>)(payload);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
  };
}
