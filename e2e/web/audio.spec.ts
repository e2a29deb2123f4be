/**
 * The audio mixer in the browser: a project with three tracks uploaded (WAVs of known samples made
 * here), their waveforms drawn, volume, mute and solo set and kept over a reload, playback moving the
 * playhead, the mix exported in the browser and rendered on the server with exactly the expected
 * samples, a take recorded from a (fake) microphone, the forms without JavaScript, and the pages
 * passing axe at desktop and phone widths.
 */
import { readFile, writeFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { decodeWav, encodeWav } from "../../shared/src/audio/wav.ts";
import { expect, test as base } from "../accounts.ts";
import { signIn } from "./helpers.ts";

// Chromium's stand-in microphone (a beeping tone), granted without a prompt.
const test = base.extend({
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({ ...launchOptions, args: [...(launchOptions.args ?? []), "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"] });
    },
    { scope: "worker" },
  ],
});

const RATE = 44_100;
const SECONDS = 2;

/** Three mono tracks of known samples: a low sine, a swelling higher sine, and short bursts. */
function trackSamples(): Record<"Bass" | "Pad" | "Bursts", Float32Array> {
  const frames = RATE * SECONDS;
  const bass = new Float32Array(frames);
  const pad = new Float32Array(frames);
  const bursts = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const t = i / RATE;
    bass[i] = 0.4 * Math.sin(2 * Math.PI * 110 * t);
    pad[i] = 0.3 * (t / SECONDS) * Math.sin(2 * Math.PI * 330 * t);
    bursts[i] = t % 0.5 < 0.12 ? 0.5 * Math.sin(2 * Math.PI * 880 * t) : 0;
  }
  return { Bass: bass, Pad: pad, Bursts: bursts };
}

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const problems = results.violations.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(problems).toEqual([]);
}

/** The few browser objects the page functions below use (the end-to-end typecheck has no DOM types). */
type InPageElement = {
  tagName: string;
  children: ArrayLike<InPageElement>;
  shadowRoot: { children: ArrayLike<InPageElement> } | null;
  width?: number;
  height?: number;
  getContext?(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
};
type InPage = { scrollTo(x: number, y: number): void; document: { documentElement: { scrollWidth: number } } };

const scrollToTop = (page: Page) => page.evaluate(() => (globalThis as unknown as InPage).scrollTo(0, 0));

/** How many pixels of the waveform's canvases (inside wavesurfer's shadow root) are painted. */
async function paintedPixels(waveform: Locator): Promise<number> {
  return waveform.evaluate((host) => {
    const canvases: InPageElement[] = [];
    const walk = (node: { children: ArrayLike<InPageElement> }) => {
      for (const child of Array.from(node.children)) {
        if (child.tagName === "CANVAS") canvases.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    walk(host as unknown as InPageElement);
    let painted = 0;
    for (const canvas of canvases) {
      if (!canvas.width || !canvas.height) continue;
      const data = canvas.getContext!("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    }
    return painted;
  });
}

/** Anything the page logs as an error (a script error, a blocked request, a content policy refusal): the test expects none. */
function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  return problems;
}

function seconds(text: string | null): number {
  const match = /^(\d+):(\d{2})\.(\d)$/.exec(text?.trim() ?? "");
  if (!match) throw new Error(`Not a transport time: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) / 10;
}

test("a three-track mix: upload, waveforms, settings kept over a reload, playback, the mix exported in the browser and rendered on the server", async ({ page, user }, testInfo) => {
  test.setTimeout(150_000);
  const samples = trackSamples();
  const files: string[] = [];
  for (const [name, data] of Object.entries(samples)) {
    const file = testInfo.outputPath(`${name}.wav`);
    await writeFile(file, encodeWav([data], RATE));
    files.push(file);
  }
  const notAudio = testInfo.outputPath("notes.wav");
  await writeFile(notAudio, "These are notes, not sound.\n");
  // What the tracks hold once stored as 16-bit samples: the mix is made of these.
  const stored = Object.fromEntries(await Promise.all(Object.keys(samples).map(async (name, index) => [name, decodeWav(await readFile(files[index]!)).channels[0]!] as const)));

  const problems = watchForErrors(page);

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audio" }).click();
  await expect(page.getByRole("heading", { name: "Audio", level: 1 })).toBeVisible();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  await expect(page.getByRole("heading", { name: "No audio projects yet" })).toBeVisible();
  await expectAccessible(page, "/audio (empty)");

  // The name is checked on its field before anything is sent.
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("Give the project a name.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Evening session");
  await page.getByLabel("Description (optional)").fill("Bass, pad and bursts");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/audio\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: "Evening session", level: 1 })).toBeVisible();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  const projectUrl = page.url();

  // Three tracks and a file that is not audio; the refusal says why on its own line.
  await page.getByLabel("Choose audio files").setInputFiles([...files, notAudio]);
  const uploads = page.getByTestId("upload");
  await expect(uploads.filter({ hasText: "notes.wav" })).toHaveAttribute("data-state", "failed");
  await expect(uploads.filter({ hasText: "notes.wav" }).getByRole("alert")).toHaveText("notes.wav is not an audio file we can use. Upload WAV, MP3, OGG, WebM, FLAC or M4A.");
  for (const name of Object.keys(samples)) await expect(uploads.filter({ hasText: `${name}.wav` })).toHaveAttribute("data-state", "done", { timeout: 30_000 });

  const rows = page.getByTestId("track-row");
  await expect(rows).toHaveCount(3);
  for (const [index, name] of Object.keys(samples).entries()) await expect(rows.nth(index).getByLabel(`Name of track ${index + 1}`)).toHaveValue(name);
  const waveforms = page.getByTestId("waveform");
  await expect(waveforms).toHaveCount(3);
  for (let index = 0; index < 3; index++) await expect.poll(() => paintedPixels(waveforms.nth(index)), { timeout: 15_000 }).toBeGreaterThan(500);
  await expect(page.getByTestId("transport-duration")).toHaveText("0:02");

  // Bass at half volume (-6 dB), Bursts muted, Pad soloed: only Pad is heard.
  const [bass, pad, bursts] = [rows.nth(0), rows.nth(1), rows.nth(2)];
  await bass.getByLabel("Volume").fill("0.5");
  await expect(bass.getByTestId("track-db")).toHaveText("-6.0 dB");
  await bursts.getByRole("button", { name: "Mute Bursts" }).click();
  await pad.getByRole("button", { name: "Solo Pad" }).click();
  await expect(bursts.getByRole("button", { name: "Mute Bursts" })).toHaveAttribute("aria-pressed", "true");
  await expect(pad.getByRole("button", { name: "Solo Pad" })).toHaveAttribute("aria-pressed", "true");
  await expect(bass).toHaveAttribute("data-audible", "false");
  await expect(bass.getByTestId("track-silent")).toHaveText("Not heard: another track is soloed");
  await expect(bursts.getByTestId("track-silent")).toHaveText("Muted");
  await expect(pad).toHaveAttribute("data-audible", "true");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  // Renaming and moving save too; the moved row keeps the keyboard.
  await bursts.getByLabel("Name of track 3").fill("Bursts of 880 Hz");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  await page.getByRole("button", { name: "Move Bursts of 880 Hz up" }).click();
  await expect(page.getByRole("button", { name: "Move Bursts of 880 Hz up" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(rows.nth(0).getByLabel("Name of track 1")).toHaveValue("Bursts of 880 Hz");
  await page.getByRole("button", { name: "Move Bursts of 880 Hz down" }).press("Enter");
  await page.getByRole("button", { name: "Move Bursts of 880 Hz down" }).press("Enter");
  await expect(rows.nth(2).getByLabel("Name of track 3")).toHaveValue("Bursts of 880 Hz");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  await page.reload();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).getByLabel("Volume")).toHaveValue("0.5");
  await expect(rows.nth(0).getByTestId("track-db")).toHaveText("-6.0 dB");
  await expect(rows.nth(1).getByRole("button", { name: "Solo Pad" })).toHaveAttribute("aria-pressed", "true");
  await expect(rows.nth(2).getByRole("button", { name: "Mute Bursts of 880 Hz" })).toHaveAttribute("aria-pressed", "true");
  await expect(rows.nth(2).getByLabel("Name of track 3")).toHaveValue("Bursts of 880 Hz");
  await expect(rows.nth(0)).toHaveAttribute("data-audible", "false");
  for (let index = 0; index < 3; index++) await expect.poll(() => paintedPixels(waveforms.nth(index)), { timeout: 15_000 }).toBeGreaterThan(500);

  // Play: the playhead moves; pause holds it; a click half-way along a waveform moves it there.
  await expect(page.getByRole("button", { name: "Play" })).toBeEnabled();
  await page.getByRole("button", { name: "Play" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect.poll(async () => seconds(await page.getByTestId("transport-position").textContent()), { timeout: 10_000 }).toBeGreaterThan(0.3);
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  const held = seconds(await page.getByTestId("transport-position").textContent());
  await page.waitForTimeout(400);
  expect(seconds(await page.getByTestId("transport-position").textContent())).toBe(held);
  const box = (await waveforms.nth(1).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect.poll(async () => seconds(await page.getByTestId("transport-position").textContent())).toBeCloseTo(1, 0);

  // Loop the second half: the region shows on every waveform.
  await page.getByLabel("Loop from (seconds)").fill("1");
  await page.getByLabel("Loop to (seconds)").fill("1.5");
  await page.getByRole("button", { name: /Loop off/ }).click();
  await expect(page.getByRole("button", { name: /Loop on/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("loop-region")).toHaveCount(3);

  // Pad back into the mix with the others at 0.8: Bass at 0.5 and Pad at 0.8 are heard, Bursts stays muted.
  await rows.nth(1).getByRole("button", { name: "Solo Pad" }).click();
  await rows.nth(1).getByLabel("Volume").fill("0.8");
  await expect(rows.nth(0)).toHaveAttribute("data-audible", "true");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  await expectAccessible(page, "/audio/:id");
  // Axe scrolls as it checks; the screenshot starts from the top, where the sticky bars belong.
  await scrollToTop(page);
  const shot = testInfo.outputPath("audio-mixer.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("audio mixer", { path: shot, contentType: "image/png" });

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export mix" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("Evening session.wav");
  await expect(page.getByTestId("export-result")).toHaveText("Exported 0:02 as Evening session.wav.");
  const mix = decodeWav(await readFile((await download.path())!));
  expect(mix.sampleRate).toBe(RATE);
  expect(mix.channels).toHaveLength(2);
  expect(mix.channels[0]!.length).toBe(RATE * SECONDS);
  const expectMix = (channels: Float32Array[]) => {
    let worst = 0;
    for (const channel of channels) {
      for (let i = 0; i < channel.length; i++) worst = Math.max(worst, Math.abs(channel[i]! - (0.5 * stored.Bass![i]! + 0.8 * stored.Pad![i]!)));
    }
    expect(worst).toBeLessThan(1e-3);
  };
  expectMix(mix.channels);

  // The phone layout: everything fits and passes axe.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(projectUrl);
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  for (let index = 0; index < 3; index++) await expect.poll(() => paintedPixels(waveforms.nth(index)), { timeout: 15_000 }).toBeGreaterThan(100);
  expect(await page.evaluate(() => (globalThis as unknown as InPage).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page, "/audio/:id at 390 px");
  await scrollToTop(page);
  const phone = testInfo.outputPath("audio-mixer-phone.png");
  await page.screenshot({ path: phone, fullPage: true });
  await testInfo.attach("audio mixer on a phone", { path: phone, contentType: "image/png" });

  // The server's mixdown of the saved project holds the same samples; saved as a track, it joins the project muted.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "Render on server" }).click();
  const link = page.getByTestId("mixdown-download");
  await expect(link).toBeVisible({ timeout: 30_000 });
  const served = await page.request.get((await link.getAttribute("href"))!);
  expect(served.ok()).toBe(true);
  const serverMix = decodeWav(await served.body());
  expect(serverMix.channels[0]!.length).toBe(RATE * SECONDS);
  expectMix(serverMix.channels);
  await page.getByLabel("Save as a new track").check();
  await page.getByRole("button", { name: "Render on server" }).click();
  await expect(page.getByTestId("server-mixdown")).toContainText("Added the mix as the track", { timeout: 30_000 });
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(3)).toHaveAttribute("data-audible", "false");
  await expect.poll(() => paintedPixels(waveforms.nth(3)), { timeout: 15_000 }).toBeGreaterThan(100);

  await page.goto("/audio");
  const listed = page.getByTestId("audio-project");
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText("Evening session");
  await expect(listed).toContainText("4 tracks");
  await expect(listed).toContainText("0:02");
  await expectAccessible(page, "/audio");
  await scrollToTop(page);
  const list = testInfo.outputPath("audio-projects.png");
  await page.screenshot({ path: list, fullPage: true });
  await testInfo.attach("audio projects", { path: list, contentType: "image/png" });
  expect(problems).toEqual([]);
});

test("records a take from the microphone and adds it as a track, takes a dropped file, and deletes a project from the list", async ({ page, user }) => {
  test.setTimeout(90_000);
  const problems = watchForErrors(page);
  await signIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.goto("/audio");
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  // A refused first try: the message clears while typing, so the button stays where it was clicked.
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("Give the project a name.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Voice memo");
  await expect(page.getByText("Give the project a name.")).toHaveCount(0);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Voice memo", level: 1 })).toBeVisible();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();

  await page.getByRole("button", { name: "Record a track" }).click();
  await expect(page.getByTestId("recording-time")).toBeVisible();
  await expect.poll(async () => seconds(await page.getByTestId("recording-time").textContent())).toBeGreaterThan(1.5);
  await expect.poll(async () => Number(await page.getByRole("meter", { name: "Microphone level" }).getAttribute("aria-valuenow"))).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Stop and add track" }).click();
  await expect(page.getByTestId("recorder-message")).toHaveText('Added "Recording 1".', { timeout: 30_000 });
  const rows = page.getByTestId("track-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.getByLabel("Name of track 1")).toHaveValue("Recording 1");
  await expect.poll(() => paintedPixels(page.getByTestId("waveform")), { timeout: 15_000 }).toBeGreaterThan(100);

  // A file dropped on the zone is uploaded like a chosen one.
  const dropped = Buffer.from(encodeWav([trackSamples().Pad], RATE)).toString("base64");
  const transfer = await page.evaluateHandle((base64) => {
    type Files = { items: { add(file: unknown): void } };
    const scope = globalThis as unknown as { atob(text: string): string; DataTransfer: new () => Files; File: new (parts: unknown[], name: string, options: { type: string }) => unknown };
    const text = scope.atob(base64);
    const bytes = Uint8Array.from(text, (char) => char.charCodeAt(0));
    const data = new scope.DataTransfer();
    data.items.add(new scope.File([bytes], "Dropped pad.wav", { type: "audio/wav" }));
    return data;
  }, dropped);
  await page.getByTestId("upload-zone").dispatchEvent("dragover", { dataTransfer: transfer });
  await page.getByTestId("upload-zone").dispatchEvent("drop", { dataTransfer: transfer });
  await expect(rows).toHaveCount(2, { timeout: 30_000 });
  await expect(rows.nth(1).getByLabel("Name of track 2")).toHaveValue("Dropped pad");

  await page.goto("/audio");
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Voice memo" }).click();
  await expect(page.getByText("Project deleted, with its tracks.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "No audio projects yet" })).toBeVisible();
  expect(problems).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the pages list the tracks and their forms work: create, upload, rename, mute, delete", async ({ page, user }, testInfo) => {
    const file = testInfo.outputPath("Tone.wav");
    await writeFile(file, encodeWav([trackSamples().Bass], RATE));
    await signIn(page, user.email, user.password);
    await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
    await page.goto("/audio");
    await page.getByLabel("Name", { exact: true }).fill("Plain forms");
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByRole("heading", { name: "Plain forms", level: 1 })).toBeVisible();

    await page.getByLabel("Audio file").setInputFiles(file);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.getByText('Added the track "Tone".')).toBeVisible();
    const row = page.getByTestId("track-row");
    await expect(row).toHaveCount(1);
    await expect(row.getByText("The waveform and playback need JavaScript.")).toBeVisible();

    await row.getByLabel("Name of track 1").fill("Low tone");
    await row.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByText("Track name saved.")).toBeVisible();
    await page.getByRole("button", { name: "Mute Low tone" }).click();
    await expect(page.getByText("Mix saved.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Mute Low tone" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("track-silent")).toHaveText("Muted");

    await page.getByLabel("Project name").fill("Renamed without scripts");
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByRole("heading", { name: "Renamed without scripts", level: 1 })).toBeVisible();

    await page.getByRole("button", { name: "Delete project" }).click();
    await expect(page).toHaveURL(/\/audio$/);
    await expect(page.getByRole("heading", { name: "No audio projects yet" })).toBeVisible();
  });
});
