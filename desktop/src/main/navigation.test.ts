/** Which URLs stay in the app window and which go to the system browser. */
import { describe, expect, it } from "vitest";
import { isAppUrl, isExternalWebUrl } from "./navigation.ts";

describe("window navigation rules", () => {
  it("treats only the built page (or the dev server) as the app", () => {
    const built = "file:///opt/Spike%20Land/resources/app.asar/dist/renderer/index.html";
    expect(isAppUrl(`${built}#/account`, built)).toBe(true);
    expect(isAppUrl("file:///etc/passwd", built)).toBe(false);
    expect(isAppUrl("https://spike.land/", built)).toBe(false);
    expect(isAppUrl("http://localhost:5173/deep/link", "http://localhost:5173/")).toBe(true);
    expect(isAppUrl("http://localhost:5174/", "http://localhost:5173/")).toBe(false);
    expect(isAppUrl("not a url", built)).toBe(false);
  });

  it("sends only web and mail links to the system browser", () => {
    expect(isExternalWebUrl("https://spike.land/pricing")).toBe(true);
    expect(isExternalWebUrl("mailto:help@spike.land")).toBe(true);
    expect(isExternalWebUrl("file:///etc/passwd")).toBe(false);
    expect(isExternalWebUrl("javascript:alert(1)")).toBe(false);
    expect(isExternalWebUrl("smb://share/x")).toBe(false);
  });
});
