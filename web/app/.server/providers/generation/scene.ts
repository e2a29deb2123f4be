/**
 * How the local engine reads a "generate an image" prompt: a deterministic scene. Pure (no image
 * work), so the same prompt always gives the same scene and the rules can be tested on their own.
 *
 * - The seed is the first 32 bits of the SHA-256 of the normalised prompt (lower case, single
 *   spaces), so "A red Circle" and "a red circle " make the same picture, at every tier.
 * - Colour words ("red", "teal", "gold", ...) and mood words ("sunset", "ocean", "forest", "night",
 *   "neon", "pastel", ...) pick the palette, in the order they appear; with none, the seed picks a
 *   hue and its neighbours.
 * - Scene words pick the composition. Landscape words (sun, moon, stars, mountains, hills, desert,
 *   sea, city, forest and their kin) are layered back to front under a day, sunset or night sky;
 *   otherwise a pattern word (circles, stripes, grid, triangles, waves) picks a pattern, else soft
 *   abstract shapes. "night" or "sunset" alone still make a sky, with stars or a sun.
 * - Shape words set the frame: wide / panorama / banner / 16:9 → 16:9, portrait / tall / poster /
 *   vertical → 2:3, square → 1:1; otherwise landscapes are 3:2 and patterns square.
 */
import { createHash } from "node:crypto";
import { seededRandom } from "@spike-land/shared/random";

export type Frame = { name: "1:1" | "3:2" | "16:9" | "2:3"; ratio: number };

export type LandscapeElement = "stars" | "sun" | "moon" | "mountains" | "hills" | "city" | "forest" | "sea";
export type PatternName = "circles" | "stripes" | "grid" | "triangles" | "waves" | "abstract";
export type Sky = "day" | "sunset" | "night";

export type Scene = {
  seed: number;
  palette: string[];
  /** Which words chose the palette ("seed" when none did). */
  paletteFrom: string[];
  frame: Frame;
  composition: { kind: "landscape"; sky: Sky; elements: LandscapeElement[] } | { kind: "pattern"; pattern: PatternName };
};

const COLOURS: Record<string, string> = {
  red: "#d7263d",
  crimson: "#b0172f",
  scarlet: "#e4352b",
  orange: "#f46036",
  amber: "#ffb000",
  yellow: "#f7d002",
  gold: "#d4a017",
  golden: "#d4a017",
  lime: "#9bc53d",
  green: "#2e933c",
  emerald: "#1b9e6b",
  olive: "#708238",
  mint: "#98e2c6",
  teal: "#138a8a",
  turquoise: "#2ec4b6",
  cyan: "#1fc8db",
  aqua: "#3fd0d4",
  blue: "#1b6ca8",
  navy: "#14213d",
  indigo: "#3d348b",
  violet: "#7b2cbf",
  purple: "#6a4c93",
  lavender: "#b8a1d9",
  magenta: "#c2187a",
  pink: "#f28cb1",
  rose: "#e05780",
  brown: "#7f4f24",
  beige: "#e9d8a6",
  cream: "#f4ecd6",
  white: "#f8f9fa",
  silver: "#c0c6cc",
  grey: "#8d99ae",
  gray: "#8d99ae",
  black: "#111418",
};

const MOODS: Record<string, string[]> = {
  sunset: ["#2c1a4d", "#6a3093", "#e05780", "#ff7e5f", "#feb47b"],
  sunrise: ["#355c7d", "#6c5b7b", "#c06c84", "#f8b195", "#fde8b0"],
  dusk: ["#1d2b53", "#4b3f72", "#a05195", "#f95d6a", "#ffa600"],
  ocean: ["#03045e", "#0077b6", "#00b4d8", "#90e0ef", "#caf0f8"],
  sea: ["#03045e", "#0077b6", "#00b4d8", "#90e0ef", "#caf0f8"],
  forest: ["#081c15", "#1b4332", "#2d6a4f", "#52b788", "#b7e4c7"],
  night: ["#03071e", "#0b132b", "#1c2541", "#3a506b", "#e0e1dd"],
  space: ["#000000", "#10002b", "#3c096c", "#7b2cbf", "#e0aaff"],
  desert: ["#6f4518", "#bc6c25", "#dda15e", "#fefae0", "#e9c46a"],
  snow: ["#caf0f8", "#e0fbfc", "#ffffff", "#98c1d9", "#3d5a80"],
  winter: ["#1d3557", "#457b9d", "#a8dadc", "#e0fbfc", "#ffffff"],
  autumn: ["#3d1308", "#7b2d26", "#d1495b", "#edae49", "#f4d35e"],
  fall: ["#3d1308", "#7b2d26", "#d1495b", "#edae49", "#f4d35e"],
  spring: ["#cdeac0", "#a0ced9", "#ffc09f", "#ffee93", "#fcf5c7"],
  neon: ["#0d0221", "#ff2a6d", "#05d9e8", "#d1f7ff", "#f706cf"],
  cyberpunk: ["#0d0221", "#ff2a6d", "#05d9e8", "#d1f7ff", "#f706cf"],
  pastel: ["#ffd6e0", "#ffef9f", "#c1fba4", "#7bf1a8", "#a0c4ff"],
  rainbow: ["#e81416", "#ffa500", "#faeb36", "#79c314", "#487de7", "#70369d"],
  monochrome: ["#111111", "#444444", "#888888", "#bbbbbb", "#eeeeee"],
};

/** Scene words, each to the landscape element it adds. */
const LANDSCAPE_WORDS: Record<string, LandscapeElement> = {
  star: "stars",
  stars: "stars",
  starry: "stars",
  galaxy: "stars",
  space: "stars",
  sun: "sun",
  sunny: "sun",
  sunset: "sun",
  sunrise: "sun",
  moon: "moon",
  moonlit: "moon",
  mountain: "mountains",
  mountains: "mountains",
  peaks: "mountains",
  alps: "mountains",
  hill: "hills",
  hills: "hills",
  valley: "hills",
  meadow: "hills",
  landscape: "hills",
  desert: "hills",
  dunes: "hills",
  city: "city",
  skyline: "city",
  buildings: "city",
  towers: "city",
  town: "city",
  forest: "forest",
  trees: "forest",
  tree: "forest",
  woods: "forest",
  pine: "forest",
  sea: "sea",
  ocean: "sea",
  lake: "sea",
  beach: "sea",
  water: "sea",
};

const PATTERN_WORDS: Record<string, PatternName> = {
  circle: "circles",
  circles: "circles",
  bubbles: "circles",
  dots: "circles",
  spheres: "circles",
  balls: "circles",
  stripe: "stripes",
  stripes: "stripes",
  striped: "stripes",
  lines: "stripes",
  bands: "stripes",
  grid: "grid",
  squares: "grid",
  tiles: "grid",
  checkerboard: "grid",
  mosaic: "grid",
  pixels: "grid",
  triangle: "triangles",
  triangles: "triangles",
  geometric: "triangles",
  polygons: "triangles",
  crystal: "triangles",
  wave: "waves",
  waves: "waves",
  wavy: "waves",
  ripples: "waves",
};

const NIGHT_WORDS = new Set(["night", "stars", "starry", "moon", "moonlit", "space", "galaxy", "midnight", "dark"]);
const SUNSET_WORDS = new Set(["sunset", "sunrise", "dusk", "dawn", "evening", "golden"]);
const LANDSCAPE_ORDER: LandscapeElement[] = ["stars", "sun", "moon", "mountains", "hills", "city", "forest", "sea"];

export const FRAMES: Record<Frame["name"], Frame> = {
  "1:1": { name: "1:1", ratio: 1 },
  "3:2": { name: "3:2", ratio: 3 / 2 },
  "16:9": { name: "16:9", ratio: 16 / 9 },
  "2:3": { name: "2:3", ratio: 2 / 3 },
};

/** Lower case and single spaces: the text the seed is made from. */
export function seedText(prompt: string): string {
  return prompt.toLowerCase().replace(/\s+/g, " ").trim();
}

export function promptSeed(prompt: string): number {
  return createHash("sha256").update(seedText(prompt)).digest().readUInt32BE(0);
}

/** The seeded generator scenes and their pictures are drawn with. */
export const random = seededRandom;

function hsl(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
  return `#${[channel(0), channel(8), channel(4)].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

/** Five neighbouring colours around a hue the seed picks, dark to light. */
function seededPalette(next: () => number): string[] {
  const hue = Math.floor(next() * 360);
  const spread = 20 + next() * 40;
  return [hsl(hue, 60, 15), hsl((hue + spread) % 360, 55, 35), hsl(hue, 65, 50), hsl((hue + 360 - spread) % 360, 70, 65), hsl((hue + 2 * spread) % 360, 60, 85)];
}

function frameFor(words: string[], text: string, landscape: boolean): Frame {
  if (/\b(16:9|wide|widescreen|panorama|panoramic|banner|cinematic)\b/.test(text)) return FRAMES["16:9"];
  if (/\b(2:3|9:16|portrait|tall|poster|vertical)\b/.test(text)) return FRAMES["2:3"];
  if (/\b(1:1)\b/.test(text) || words.includes("square")) return FRAMES["1:1"];
  return landscape ? FRAMES["3:2"] : FRAMES["1:1"];
}

export function readScene(prompt: string): Scene {
  const seed = promptSeed(prompt);
  const next = random(seed);
  const text = prompt.toLowerCase().replace(/\s*:\s*/g, ":");
  const words = text.match(/[a-z0-9:]+/g) ?? [];

  const palette: string[] = [];
  const paletteFrom: string[] = [];
  for (const word of words) {
    const mood = MOODS[word];
    const colour = COLOURS[word];
    if (mood && !paletteFrom.includes(word)) {
      palette.push(...mood);
      paletteFrom.push(word);
    } else if (colour && !palette.includes(colour)) {
      palette.push(colour);
      paletteFrom.push(word);
    }
  }
  if (palette.length === 0) {
    palette.push(...seededPalette(next));
    paletteFrom.push("seed");
  }

  const elements = new Set<LandscapeElement>();
  for (const word of words) {
    const element = LANDSCAPE_WORDS[word];
    if (element) elements.add(element);
  }
  const pattern = words.map((word) => PATTERN_WORDS[word]).find((name) => name !== undefined);
  const sky: Sky = words.some((word) => NIGHT_WORDS.has(word)) ? "night" : words.some((word) => SUNSET_WORDS.has(word)) ? "sunset" : "day";
  // A pattern word wins unless the prompt names something of a landscape; a night or a sunset
  // without one is still a sky.
  const landscape = elements.size > 0 || (!pattern && sky !== "day");
  const frame = frameFor(words, text, landscape);
  if (!landscape) return { seed, palette, paletteFrom, frame, composition: { kind: "pattern", pattern: pattern ?? "abstract" } };

  // A night sky shows its stars, a sunset its sun.
  if (sky === "night" && !elements.has("moon")) elements.add("stars");
  if (sky === "sunset") elements.add("sun");
  const ordered = LANDSCAPE_ORDER.filter((element) => elements.has(element));
  return { seed, palette, paletteFrom, frame, composition: { kind: "landscape", sky, elements: ordered } };
}

/** The scene in a sentence: "A 3:2 sunset landscape (sun, mountains, sea) in sunset colours." */
export function describeScene(scene: Scene): string {
  const colours = scene.paletteFrom[0] === "seed" ? "colours picked from the prompt's seed" : `${scene.paletteFrom.join(", ")} colours`;
  const what =
    scene.composition.kind === "landscape"
      ? `${scene.composition.sky === "day" ? "daytime" : scene.composition.sky} landscape (${scene.composition.elements.join(", ")})`
      : scene.composition.pattern === "abstract"
        ? "abstract composition"
        : `pattern of ${scene.composition.pattern}`;
  return `A ${scene.frame.name} ${what} in ${colours}, seed ${scene.seed.toString(16).padStart(8, "0")}.`;
}
