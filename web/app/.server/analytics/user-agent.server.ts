/** A coarse reading of a User-Agent header: device class, browser family and operating system. */
export type DeviceInfo = { deviceType: "mobile" | "tablet" | "desktop"; browser: string | null; os: string | null };

export function readUserAgent(userAgent: string | null): DeviceInfo {
  const ua = userAgent ?? "";
  const tablet = /iPad|Tablet|(Android(?!.*Mobile))/i.test(ua);
  const mobile = !tablet && /Mobi|iPhone|iPod|Android/i.test(ua);
  const deviceType = tablet ? "tablet" : mobile ? "mobile" : "desktop";
  // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\/|FxiOS/.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS/.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : null;
  const os = /Windows/.test(ua)
    ? "Windows"
    : /iPhone|iPad|iPod/.test(ua)
      ? "iOS"
      : /Mac OS X|Macintosh/.test(ua)
        ? "macOS"
        : /Android/.test(ua)
          ? "Android"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  return { deviceType, browser, os };
}

/** A two-letter country from the edge proxy's header, when one is present and meaningful. */
export function countryFrom(request: Request): string | null {
  for (const name of ["cf-ipcountry", "x-vercel-ip-country", "cloudfront-viewer-country", "x-country-code"]) {
    const value = request.headers.get(name)?.trim().toUpperCase();
    // XX and T1 are the proxies' "unknown" and "Tor" markers.
    if (value && /^[A-Z]{2}$/.test(value) && value !== "XX" && value !== "T1") return value;
  }
  return null;
}
