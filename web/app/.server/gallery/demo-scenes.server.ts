/**
 * Drawn scenes for the demo gallery: a mountain lake at sunset, a city skyline in late-afternoon light, a stone
 * facade, a mug on a table and two head-and-shoulders portraits, written as SVG and rendered by
 * sharp. `faultyPhoto` then spoils a scene the way a camera would (exposure, colour cast, flat
 * contrast, slight softness, sensor noise from a seeded generator, optional letterbox bars) so the
 * engine has real faults to fix.
 */
import { sharp } from "@spike-land/shared/node/enhance/sharp";
import { seededRandom } from "@spike-land/shared/random";

export type SceneName = "lake" | "skyline" | "facade" | "mug" | "portraitIndoor" | "portraitPark";

export type Faults = {
  /** Multiplies every level (0.5 = a stop under, 1.3 = a third of a stop over). */
  exposure?: number;
  /** Squeezes levels towards mid-grey (0.5 = half the range). */
  contrast?: number;
  /** Per-channel gains, e.g. [0.8, 0.95, 1.25] for a blue cast. */
  cast?: [number, number, number];
  /** Gaussian blur sigma in pixels (a slightly soft lens). */
  blur?: number;
  /** Standard deviation of the sensor noise in levels. */
  noise?: number;
  /** Black bars of this share of the height at top and bottom. */
  letterbox?: number;
  seed: number;
};

const svg = (width: number, height: number, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;

/** Soft out-of-focus light discs scattered over the given area. */
function bokeh(random: () => number, count: number, width: number, height: number, colours: string[]): string {
  let out = "";
  for (let i = 0; i < count; i++) {
    const x = random() * width;
    const y = random() * height;
    const r = 25 + random() * 70;
    const colour = colours[i % colours.length]!;
    const opacity = (0.18 + random() * 0.35).toFixed(2);
    out += `<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${r.toFixed(0)}" fill="url(#disc-${colour.slice(1)})" opacity="${opacity}"/>`;
  }
  return out;
}

function discGradients(colours: string[]): string {
  return colours
    .map(
      (c) =>
        `<radialGradient id="disc-${c.slice(1)}"><stop offset="0" stop-color="${c}" stop-opacity="0.9"/><stop offset="0.75" stop-color="${c}" stop-opacity="0.7"/><stop offset="1" stop-color="${c}" stop-opacity="0"/></radialGradient>`,
    )
    .join("");
}

function lake(): { width: number; height: number; svg: string } {
  const width = 1200;
  const height = 800;
  const horizon = 500;
  const random = seededRandom(7);
  let trees = "";
  for (let x = -10; x < width + 20; x += 14 + random() * 22) {
    const h = 40 + random() * 70 + (x < 300 || x > 950 ? 40 : 0);
    const w = h * 0.32;
    trees += `<polygon points="${x.toFixed(0)},${(horizon - h).toFixed(0)} ${(x - w).toFixed(0)},${horizon + 2} ${(x + w).toFixed(0)},${horizon + 2}" fill="#1c2420"/>`;
  }
  let ripples = "";
  for (let i = 0; i < 26; i++) {
    const y = horizon + 12 + i * i * 0.45;
    const w = 30 + i * 7 + random() * 30;
    ripples += `<ellipse cx="${(760 + (random() - 0.5) * 40).toFixed(0)}" cy="${y.toFixed(0)}" rx="${w.toFixed(0)}" ry="${(1.5 + i * 0.12).toFixed(1)}" fill="#ffd79a" opacity="${(0.55 - i * 0.018).toFixed(2)}"/>`;
  }
  const body = `
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="#2b3f7a"/><stop offset="0.45" stop-color="#8a5c9c"/>
        <stop offset="0.75" stop-color="#f08a5d"/><stop offset="1" stop-color="#ffd27f"/>
      </linearGradient>
      <linearGradient id="water" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="#e39a6c"/><stop offset="0.35" stop-color="#7d5a86"/><stop offset="1" stop-color="#243560"/>
      </linearGradient>
      <radialGradient id="sun" cx="760" cy="430" r="260" gradientUnits="userSpaceOnUse">
        <stop offset="0" stop-color="#fff6d8"/><stop offset="0.12" stop-color="#ffe6a0"/>
        <stop offset="0.35" stop-color="#ffc37a" stop-opacity="0.5"/><stop offset="1" stop-color="#ffb070" stop-opacity="0"/>
      </radialGradient>
      <linearGradient id="far" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8b6fa3"/><stop offset="1" stop-color="#b98aa0"/></linearGradient>
      <linearGradient id="near" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4a3f6b"/><stop offset="1" stop-color="#2e3550"/></linearGradient>
    </defs>
    <rect width="${width}" height="${horizon}" fill="url(#sky)"/>
    <rect width="${width}" height="${horizon}" fill="url(#sun)"/>
    <circle cx="760" cy="445" r="42" fill="#fff3cf"/>
    <path d="M0 ${horizon} L0 330 L120 260 L210 310 L330 200 L430 290 L520 250 L600 330 L700 300 L820 360 L900 280 L1010 230 L1100 300 L1200 260 L1200 ${horizon} Z" fill="url(#far)" opacity="0.85"/>
    <path d="M0 ${horizon} L0 400 L90 350 L190 410 L300 330 L420 420 L540 390 L640 450 L980 450 L1060 380 L1140 410 L1200 370 L1200 ${horizon} Z" fill="url(#near)"/>
    ${trees}
    <rect y="${horizon}" width="${width}" height="${height - horizon}" fill="url(#water)"/>
    <path d="M0 ${horizon} L0 560 L90 590 L190 545 L300 600 L420 535 L540 560 L640 ${horizon + 10} Z" fill="#3a3658" opacity="0.35"/>
    ${ripples}
    <path d="M0 ${height} L0 720 Q200 690 420 730 T${width} 700 L${width} ${height} Z" fill="#1b1f2a"/>`;
  return { width, height, svg: svg(width, height, body) };
}

function skyline(): { width: number; height: number; svg: string } {
  const width = 1200;
  const height = 800;
  const random = seededRandom(19);
  let buildings = "";
  let x = -20;
  while (x < width) {
    const w = 70 + random() * 110;
    const h = 220 + random() * 380;
    const top = 680 - h;
    const shade = ["#5b6b8c", "#6d7fa3", "#56637f", "#7a88a8"][Math.floor(random() * 4)]!;
    buildings += `<rect x="${x.toFixed(0)}" y="${top.toFixed(0)}" width="${w.toFixed(0)}" height="${(h + 20).toFixed(0)}" fill="${shade}"/>`;
    buildings += `<rect x="${(x + w - 14).toFixed(0)}" y="${top.toFixed(0)}" width="14" height="${(h + 20).toFixed(0)}" fill="#2f3850" opacity="0.35"/>`;
    if (random() < 0.35) buildings += `<rect x="${(x + w / 2 - 3).toFixed(0)}" y="${(top - 40).toFixed(0)}" width="6" height="40" fill="${shade}"/>`;
    for (let wy = top + 18; wy < 660; wy += 26) {
      for (let wx = x + 12; wx < x + w - 22; wx += 20) {
        const glint = random() < 0.3;
        buildings += `<rect x="${wx.toFixed(0)}" y="${wy.toFixed(0)}" width="10" height="14" fill="${glint ? "#fbe3b0" : random() < 0.5 ? "#c9dbef" : "#3f4b68"}"/>`;
      }
    }
    x += w + 4 + random() * 10;
  }
  const body = `
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="#4f86cc"/><stop offset="0.55" stop-color="#9fc1e4"/>
        <stop offset="0.85" stop-color="#f3d2ad"/><stop offset="1" stop-color="#f8c48e"/>
      </linearGradient>
      <radialGradient id="glow" cx="980" cy="170" r="220" gradientUnits="userSpaceOnUse">
        <stop offset="0" stop-color="#fff3d2" stop-opacity="0.9"/><stop offset="1" stop-color="#fff3d2" stop-opacity="0"/>
      </radialGradient>
      <linearGradient id="street" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#6a6b74"/><stop offset="1" stop-color="#44454d"/></linearGradient>
    </defs>
    <rect width="${width}" height="${height}" fill="url(#sky)"/>
    <rect width="${width}" height="${height}" fill="url(#glow)"/>
    <circle cx="980" cy="170" r="30" fill="#fffaf0"/>
    ${buildings}
    <rect y="680" width="${width}" height="120" fill="url(#street)"/>
    <rect y="736" width="${width}" height="6" fill="#f0d27a" opacity="0.7"/>
    ${Array.from({ length: 9 }, (_, i) => `<rect x="${68 + i * 140}" y="640" width="4" height="92" fill="#2a2c33"/><circle cx="${70 + i * 140}" cy="640" r="7" fill="#e9e4d4"/>`).join("")}`;
  return { width, height, svg: svg(width, height, body) };
}

function facade(): { width: number; height: number; svg: string } {
  const width = 1200;
  const height = 800;
  let windows = "";
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 7; col++) {
      const wx = 150 + col * 135;
      const wy = 190 + row * 130;
      windows += `
        <rect x="${wx - 8}" y="${wy - 8}" width="76" height="104" fill="#efe3cf"/>
        <rect x="${wx}" y="${wy}" width="60" height="88" fill="url(#glass)"/>
        <rect x="${wx + 28}" y="${wy}" width="4" height="88" fill="#f4ecde"/>
        <rect x="${wx}" y="${wy + 40}" width="60" height="4" fill="#f4ecde"/>
        <rect x="${wx - 12}" y="${wy + 92}" width="84" height="10" fill="#d9c7aa"/>`;
    }
  }
  const body = `
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4f8fd6"/><stop offset="1" stop-color="#b9d8f2"/></linearGradient>
      <linearGradient id="wall" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#c98f5e"/><stop offset="0.6" stop-color="#dba777"/><stop offset="1" stop-color="#b97c4d"/></linearGradient>
      <linearGradient id="glass" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#9cc3e6"/><stop offset="0.5" stop-color="#4f6f95"/><stop offset="1" stop-color="#2c3f5c"/></linearGradient>
      <linearGradient id="door" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3f5f4a"/><stop offset="1" stop-color="#2a4032"/></linearGradient>
    </defs>
    <rect width="${width}" height="${height}" fill="url(#sky)"/>
    <rect x="90" y="120" width="1020" height="680" fill="url(#wall)"/>
    <rect x="70" y="100" width="1060" height="28" fill="#efe3cf"/>
    <rect x="90" y="150" width="1020" height="10" fill="#b97c4d" opacity="0.6"/>
    ${windows}
    <rect x="90" y="700" width="1020" height="100" fill="#8e6a4c"/>
    <path d="M545 800 L545 715 Q600 660 655 715 L655 800 Z" fill="url(#door)"/>
    <rect x="0" y="780" width="${width}" height="20" fill="#6f6a63"/>
    <ellipse cx="170" cy="760" rx="60" ry="40" fill="#3f7a45"/><ellipse cx="1030" cy="760" rx="60" ry="40" fill="#3f7a45"/>`;
  return { width, height, svg: svg(width, height, body) };
}

function mug(): { width: number; height: number; svg: string } {
  const width = 1000;
  const height = 800;
  const body = `
    <defs>
      <linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f3ede4"/><stop offset="1" stop-color="#d9cfc1"/></linearGradient>
      <linearGradient id="table" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#b07a4f"/><stop offset="1" stop-color="#7a4f30"/></linearGradient>
      <linearGradient id="glaze" x1="0" y1="0" x2="1" y2="0">
        <stop offset="0" stop-color="#1d5a6b"/><stop offset="0.25" stop-color="#3b93a8"/><stop offset="0.4" stop-color="#7cc7d6"/>
        <stop offset="0.6" stop-color="#2f8196"/><stop offset="1" stop-color="#15404d"/>
      </linearGradient>
      <radialGradient id="coffee" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#6b3f22"/><stop offset="1" stop-color="#3a2010"/></radialGradient>
      <radialGradient id="shadow" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#2a1a0e" stop-opacity="0.55"/><stop offset="1" stop-color="#2a1a0e" stop-opacity="0"/></radialGradient>
      <radialGradient id="light" cx="0.3" cy="0.2" r="0.7"><stop offset="0" stop-color="#ffffff" stop-opacity="0.55"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/></radialGradient>
    </defs>
    <rect width="${width}" height="${height}" fill="url(#wall)"/>
    <rect width="${width}" height="${height}" fill="url(#light)"/>
    <rect y="540" width="${width}" height="260" fill="url(#table)"/>
    <rect y="540" width="${width}" height="6" fill="#c9956a"/>
    <ellipse cx="540" cy="648" rx="250" ry="42" fill="url(#shadow)"/>
    <path d="M610 370 C720 360 730 520 610 540" fill="none" stroke="#1f5f70" stroke-width="30" stroke-linecap="round"/>
    <path d="M610 370 C700 365 705 515 610 532" fill="none" stroke="#4aa3b8" stroke-width="8" stroke-linecap="round" opacity="0.6"/>
    <path d="M360 330 L360 600 Q360 650 420 650 L560 650 Q620 650 620 600 L620 330 Z" fill="url(#glaze)"/>
    <ellipse cx="490" cy="330" rx="130" ry="26" fill="#2a7184"/>
    <ellipse cx="490" cy="332" rx="118" ry="20" fill="url(#coffee)"/>
    <ellipse cx="470" cy="328" rx="40" ry="5" fill="#c08a5c" opacity="0.5"/>
    <rect x="395" y="360" width="18" height="250" rx="9" fill="#ffffff" opacity="0.25"/>
    <g transform="translate(150 560)"><rect width="130" height="70" rx="8" fill="#e9dcc6"/><rect x="10" y="10" width="110" height="8" rx="4" fill="#c9b89c"/></g>
    <g transform="translate(740 520)"><ellipse cx="60" cy="100" rx="70" ry="14" fill="#2a1a0e" opacity="0.3"/><path d="M20 100 L30 30 L90 30 L100 100 Z" fill="#d96c4a"/><path d="M60 30 C40 -20 20 -30 10 -10 M60 30 C70 -30 95 -40 110 -15 M60 30 C60 -40 60 -50 62 -60" stroke="#4c8a4a" stroke-width="10" fill="none" stroke-linecap="round"/></g>`;
  return { width, height, svg: svg(width, height, body) };
}

type PortraitLook = { seed: number; backdrop: [string, string]; discs: string[]; skin: [string, string]; hair: string; top: string; collar: string };

function portrait(look: PortraitLook): { width: number; height: number; svg: string } {
  const width = 900;
  const height = 1200;
  const random = seededRandom(look.seed);
  const body = `
    <defs>
      <linearGradient id="backdrop" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${look.backdrop[0]}"/><stop offset="1" stop-color="${look.backdrop[1]}"/></linearGradient>
      ${discGradients(look.discs)}
      <radialGradient id="skin" cx="0.42" cy="0.38" r="0.7"><stop offset="0" stop-color="${look.skin[0]}"/><stop offset="1" stop-color="${look.skin[1]}"/></radialGradient>
      <linearGradient id="top" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${look.top}" stop-opacity="0.85"/><stop offset="0.45" stop-color="${look.top}"/><stop offset="1" stop-color="#000000" stop-opacity="0.9"/></linearGradient>
      <linearGradient id="neck" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${look.skin[1]}"/><stop offset="1" stop-color="${look.skin[0]}"/></linearGradient>
      <radialGradient id="rim" cx="0.5" cy="0.45" r="0.55"><stop offset="0.7" stop-color="#ffffff" stop-opacity="0"/><stop offset="1" stop-color="#ffffff" stop-opacity="0.18"/></radialGradient>
    </defs>
    <rect width="${width}" height="${height}" fill="url(#backdrop)"/>
    ${bokeh(random, 26, width, height * 0.75, look.discs)}
    <path d="M120 ${height} C130 930 250 860 360 840 L540 840 C650 860 770 930 780 ${height} Z" fill="url(#top)"/>
    <path d="M380 840 L450 930 L520 840 Z" fill="${look.collar}"/>
    <path d="M392 700 L392 850 Q450 900 508 850 L508 700 Z" fill="url(#neck)"/>
    <ellipse cx="450" cy="560" rx="150" ry="195" fill="url(#skin)"/>
    <ellipse cx="300" cy="575" rx="22" ry="40" fill="${look.skin[1]}"/>
    <ellipse cx="600" cy="575" rx="22" ry="40" fill="${look.skin[1]}"/>
    <path d="M290 560 C270 360 380 320 455 325 C560 330 640 380 612 565 C600 470 560 430 470 420 C390 415 330 450 290 560 Z" fill="${look.hair}"/>
    <ellipse cx="450" cy="560" rx="150" ry="195" fill="url(#rim)"/>
    <ellipse cx="395" cy="560" rx="16" ry="9" fill="#3a2a22" opacity="0.8"/>
    <ellipse cx="505" cy="560" rx="16" ry="9" fill="#3a2a22" opacity="0.8"/>
    <path d="M372 528 Q395 515 418 526 M482 526 Q505 515 528 528" stroke="${look.hair}" stroke-width="7" fill="none" stroke-linecap="round"/>
    <path d="M450 575 Q440 625 455 640" stroke="${look.skin[1]}" stroke-width="6" fill="none" stroke-linecap="round"/>
    <path d="M405 680 Q450 708 495 680" stroke="#a8524a" stroke-width="9" fill="none" stroke-linecap="round"/>
    <ellipse cx="375" cy="640" rx="30" ry="16" fill="#e58f80" opacity="0.25"/>
    <ellipse cx="525" cy="640" rx="30" ry="16" fill="#e58f80" opacity="0.25"/>`;
  return { width, height, svg: svg(width, height, body) };
}

const SCENES: Record<SceneName, () => { width: number; height: number; svg: string }> = {
  lake,
  skyline,
  facade,
  mug,
  portraitIndoor: () =>
    portrait({
      seed: 31,
      backdrop: ["#9c8676", "#d8bca2"],
      discs: ["#ffcf7a", "#ffe2b0", "#f59f6b"],
      skin: ["#f2c6a5", "#c98e6e"],
      hair: "#3b2619",
      top: "#2f4d6e",
      collar: "#e8e2d6",
    }),
  portraitPark: () =>
    portrait({
      seed: 43,
      backdrop: ["#5f8a4e", "#c8d88a"],
      discs: ["#eef7c2", "#b7e07d", "#fff4c9"],
      skin: ["#e0ad8a", "#a86f4f"],
      hair: "#7a4a26",
      top: "#a8423a",
      collar: "#f1e6d0",
    }),
};

/** The scene drawn cleanly, as an SVG document (for previews and tests). */
/**
 * The scene rendered and spoilt by the given faults, as a camera-like JPEG. Exposure and contrast
 * are one `linear`, the cast a `recomb`, softness a `blur`; noise and bars are written into the raw
 * pixels (bars last, so they stay clean black as a real letterbox does).
 */
export async function faultyPhoto(name: SceneName, faults: Faults): Promise<Buffer> {
  const { svg: document } = SCENES[name]();
  const { exposure = 1, contrast = 1, cast = [1, 1, 1], blur = 0, noise = 0, letterbox = 0 } = faults;
  let image = sharp(Buffer.from(document)).removeAlpha();
  // out = exposure·(128 + contrast·(in − 128))
  image = image.linear(exposure * contrast, exposure * 128 * (1 - contrast));
  if (cast.some((gain) => gain !== 1)) {
    image = image.recomb([
      [cast[0], 0, 0],
      [0, cast[1], 0],
      [0, 0, cast[2]],
    ]);
  }
  if (blur > 0.3) image = image.blur(blur);
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  if (noise > 0) {
    const random = seededRandom(faults.seed);
    for (let i = 0; i < data.length; i += channels) {
      // Roughly Gaussian luminance noise plus a little chroma noise, like a small sensor.
      const luma = (random() + random() + random() - 1.5) * 2 * noise;
      for (let c = 0; c < 3; c++) {
        const value = data[i + c]! + luma + (random() - 0.5) * noise * 0.8;
        data[i + c] = value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
      }
    }
  }
  const bar = Math.round(height * letterbox);
  if (bar > 0) {
    data.fill(0, 0, bar * width * channels);
    data.fill(0, (height - bar) * width * channels);
  }
  return sharp(data, { raw: { width, height, channels } }).jpeg({ quality: 90 }).toBuffer();
}
