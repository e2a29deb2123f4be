/** Turns what the user typed as their Spike Land server address into one canonical base URL. */
import { CoreError } from "./errors.ts";

const EXAMPLE = "http://localhost:3000";

function invalid(message: string): CoreError {
  return new CoreError("validation_failed", message, { serverUrl: [message] });
}

/**
 * Accepts only http and https, because the token is sent as a Bearer header and any other scheme
 * either cannot carry it or would hand it to something that is not a Spike Land server.
 */
export function normaliseServerUrl(input: string): string {
  const text = input.trim();
  if (!text) throw invalid("Enter the address of your Spike Land server, e.g. " + EXAMPLE);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw invalid(`Start the server address with http:// or https://, e.g. ${EXAMPLE}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`"${text}" is not a web address. Use one like ${EXAMPLE}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalid(`Spike Land servers are reached over http:// or https://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw invalid(`Add the server's host name, e.g. ${EXAMPLE}`);
  if (url.username || url.password) {
    throw invalid("Remove the user name and password from the server address; sign in below instead");
  }
  if (url.search || url.hash) {
    throw invalid("Remove the ?query or #fragment from the server address");
  }
  // The API lives at <base>/api/v1, so a trailing slash would only produce a double slash.
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}
