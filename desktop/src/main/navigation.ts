/** Rules for where the app window may go: its own pages stay inside, web links open in the browser. */

/** True for the app's own pages: the built renderer on disk, or the dev server while developing. */
export function isAppUrl(url: string, appEntryUrl: string): boolean {
  let target: URL;
  let entry: URL;
  try {
    target = new URL(url);
    entry = new URL(appEntryUrl);
  } catch {
    return false;
  }
  if (entry.protocol === "file:") return target.protocol === "file:" && target.pathname === entry.pathname;
  return target.origin === entry.origin;
}

/** Only web links go to the system browser; anything else (file:, javascript:, custom schemes) is dropped. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:" || protocol === "mailto:";
  } catch {
    return false;
  }
}
