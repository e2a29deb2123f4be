/**
 * The desktop Mixer end to end: a project made in the Mixer tab, three WAV files dropped on it (the
 * test host maps a dropped item to DESKTOP_TEST_DROP_ROOT/<name>), their waveforms drawn, mix
 * settings changed, the project synced to the real web server, and the mix exported as a WAV.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, webUrl } from "../accounts.ts";
import { dropNamed, expectAccessible, signIn } from "./window.ts";

const serverUrl = webUrl();

function dropRoot(): string {
  const root = process.env.DESKTOP_TEST_DROP_ROOT;
  if (!root) throw new Error("DESKTOP_TEST_DROP_ROOT is not set; run the browser tests through playwright.config.ts.");
  return root;
}

/** A 16-bit mono WAV at 22.05 kHz: `seconds` of a tone at `hz` that swells and fades, so its waveform has a shape. */
async function toneWav(file: string, seconds: number, hz: number): Promise<void> {
  const rate = 22_050;
  const frames = Math.round(rate * seconds);
  const bytes = Buffer.alloc(44 + frames * 2);
  bytes.write("RIFF", 0, "ascii");
  bytes.writeUInt32LE(36 + frames * 2, 4);
  bytes.write("WAVEfmt ", 8, "ascii");
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write("data", 36, "ascii");
  bytes.writeUInt32LE(frames * 2, 40);
  for (let i = 0; i < frames; i++) {
    const envelope = Math.sin((Math.PI * i) / frames) * (0.55 + 0.45 * Math.sin((i / rate) * Math.PI * 3));
    bytes.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * envelope * 28_000), 44 + i * 2);
  }
  await writeFile(file, bytes);
}


test.afterEach(async ({ page }) => {
  await page.evaluate(async () => {
    const bridge = (globalThis as unknown as { spikeLand?: { invoke(channel: string): Promise<unknown> } }).spikeLand;
    await bridge?.invoke("session:signOut");
  });
});

test("drops three WAV files into a new project, draws their waveforms, syncs it and exports the mix", async ({ page, request, user }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const files = [`drums-${stamp}.wav`, `bass-${stamp}.wav`, `keys-${stamp}.wav`];
  await toneWav(path.join(dropRoot(), files[0]!), 3, 110);
  await toneWav(path.join(dropRoot(), files[1]!), 4, 55);
  await toneWav(path.join(dropRoot(), files[2]!), 2, 440);

  await signIn(page, user);
  await page.getByRole("navigation", { name: "Sections" }).getByRole("button", { name: "Mixer" }).click();
  await expect(page.getByRole("heading", { name: "Mixer", level: 1 })).toBeFocused();
  await expect(page.getByText("No projects yet.")).toBeVisible();
  await expect(page.getByTestId("sync-status")).toHaveText("All changes saved");
  await expectAccessible(page, "mixer, no projects");

  await page.getByLabel("Project name").fill("Band practice");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Band practice", level: 2 })).toBeFocused();
  await expect(page.getByText("No tracks yet.")).toBeVisible();

  await dropNamed(page, "Drop audio files here", files);
  const tracks = page.getByRole("list", { name: "Tracks" }).getByRole("listitem");
  await expect(tracks).toHaveCount(3);
  await expect(tracks.nth(0)).toContainText(`drums-${stamp}`);
  await expect(tracks.nth(0)).toContainText("WAV · 0:03");
  await expect(tracks.nth(1)).toContainText("0:04");
  // Each waveform is drawn: wavesurfer's canvas has been painted at a real size.
  const waves = page.getByTestId("waveform");
  await expect(waves).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const canvas = waves.nth(i).locator("canvas").first();
    await expect(canvas).toBeVisible();
    await expect.poll(async () => (await canvas.boundingBox())?.height ?? 0).toBeGreaterThan(30);
  }
  await expect(page.getByTestId("sync-status")).toHaveText("All changes saved", { timeout: 30_000 });

  // The mix settings: the bass down 6 dB, the keys muted, the drums soloed.
  const bass = tracks.nth(1);
  const fader = bass.getByLabel(`Volume of bass-${stamp}`);
  await fader.fill("0.5");
  await expect(bass.locator("output")).toHaveText("-6.0 dB");
  const mute = tracks.nth(2).getByRole("button", { name: `Mute keys-${stamp}` });
  await mute.click();
  await expect(mute).toHaveAttribute("aria-pressed", "true");
  await tracks.nth(0).getByRole("button", { name: `Solo drums-${stamp}` }).click();
  await expect(tracks.nth(0).getByRole("button", { name: `Solo drums-${stamp}` })).toHaveAttribute("aria-pressed", "true");
  await tracks.nth(2).getByRole("button", { name: `Move keys-${stamp} up` }).click();
  await expect(tracks.nth(1)).toContainText(`keys-${stamp}`);
  await expect(page.getByTestId("sync-status")).toHaveText("All changes saved", { timeout: 30_000 });

  await page.getByRole("button", { name: "Play" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.getByRole("button", { name: "Pause" }).click();

  await page.screenshot({ path: "/tmp/desktop-mixer.png", fullPage: true });
  await expectAccessible(page, "mixer, project with three tracks");

  // The window's narrowest size: nothing runs off the side.
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 380, height: 800 });
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "/tmp/desktop-mixer-380.png", fullPage: true });
  if (wide) await page.setViewportSize(wide);

  // The server has the project as it was edited here.
  const session = await request.post(`${serverUrl}/api/v1/sessions`, { data: { email: user.email, password: user.password } });
  const headers = { Authorization: `Bearer ${((await session.json()) as { token: string }).token}` };
  const { projects } = (await (await request.get(`${serverUrl}/api/v1/audio/projects`, { headers })).json()) as { projects: { id: string; name: string }[] };
  const onServer = projects.find((project) => project.name === "Band practice");
  expect(onServer).toBeDefined();
  const { project } = (await (await request.get(`${serverUrl}/api/v1/audio/projects/${onServer!.id}`, { headers })).json()) as {
    project: { tracks: { name: string; volume: number; muted: boolean; solo: boolean; sortOrder: number; storageType: string }[] };
  };
  const ordered = [...project.tracks].sort((a, b) => a.sortOrder - b.sortOrder);
  expect(ordered.map((track) => [track.name, track.volume, track.muted, track.solo, track.storageType])).toEqual([
    [`drums-${stamp}`, 1, false, true, "R2"],
    [`keys-${stamp}`, 1, true, false, "R2"],
    [`bass-${stamp}`, 0.5, false, false, "R2"],
  ]);

  // Export: rendered here, saved where the (stand-in) save dialog says.
  await page.getByRole("button", { name: "Export mix" }).click();
  const saved = page.getByText(/^Saved to /);
  await expect(saved).toBeVisible({ timeout: 30_000 });
  const file = ((await saved.textContent()) ?? "").replace(/^Saved to /, "");
  expect(path.basename(file)).toBe("Band practice.wav");
  const wav = await readFile(file);
  expect(wav.subarray(0, 4).toString("ascii")).toBe("RIFF");
  // 4 s (the longest track) of 16-bit stereo at 44.1 kHz.
  expect(wav.readUInt32LE(40)).toBe(4 * 44_100 * 2 * 2);
});
