/**
 * The per-request CSP nonce, handed from the server entry to the document so the page's own inline
 * scripts (Remix's hydration data) carry it. In the browser it is empty: the attribute is not needed again.
 */
import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
