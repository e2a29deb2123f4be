/**
 * Draws a scene (scene.ts) as SVG text: the local engine's picture before sharp renders it. Every
 * number comes from the scene's seeded generator and is written with fixed decimals, so the same
 * scene always gives the same text. Softness comes from gradients, not blur filters, so rendering
 * stays quick at 4096 px.
 */
import { random, type LandscapeElement, type Scene, type Sky } from "./scene.ts";

/** The drawing's own coordinates: the longest edge is this long, whatever the output size. */
const UNITS = 1200;

type Draw = { width: number; height: number; next: () => number; tones: string[]; defs: string[]; body: string[] };

const gradientId = (draw: Draw) => `g${draw.defs.length}`;

const f = (n: number) => n.toFixed(1);
const between = (draw: Draw, low: number, high: number) => low + draw.next() * (high - low);
const pick = <T>(draw: Draw, list: readonly T[]): T => list[Math.floor(draw.next() * list.length) % list.length]!;

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function hex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("")}`;
}

/** `a` moved `t` of the way towards `b`. */
export function mix(a: string, b: string, t: number): string {
  const [x, y] = [rgb(a), rgb(b)];
  return hex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}

function luminance(colour: string): number {
  const [r, g, b] = rgb(colour);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function linearGradient(draw: Draw, stops: string[], vertical = true): string {
  const id = gradientId(draw);
  const to = vertical ? 'x2="0" y2="1"' : 'x2="1" y2="0"';
  const parts = stops.map((colour, index) => `<stop offset="${(index / Math.max(1, stops.length - 1)).toFixed(3)}" stop-color="${colour}"/>`);
  draw.defs.push(`<linearGradient id="${id}" x1="0" y1="0" ${to}>${parts.join("")}</linearGradient>`);
  return `url(#${id})`;
}

/** A colour fading out from the centre: the soft glow of a sun, a blob, a light. */
function glow(draw: Draw, colour: string, opacity: number): string {
  const id = gradientId(draw);
  draw.defs.push(`<radialGradient id="${id}"><stop offset="0" stop-color="${colour}" stop-opacity="${opacity.toFixed(2)}"/><stop offset="1" stop-color="${colour}" stop-opacity="0"/></radialGradient>`);
  return `url(#${id})`;
}

const tone = (draw: Draw, share: number) => draw.tones[Math.min(draw.tones.length - 1, Math.floor(share * draw.tones.length))]!;

function skyColours(draw: Draw, sky: Sky): string[] {
  const darkest = draw.tones[0]!;
  const lightest = draw.tones[draw.tones.length - 1]!;
  if (sky === "night") return [mix(darkest, "#000000", 0.5), mix(darkest, "#0b132b", 0.5), mix(tone(draw, 0.3), "#1c2541", 0.5)];
  if (sky === "sunset") return [mix(darkest, "#2c1a4d", 0.3), mix(tone(draw, 0.5), "#e05780", 0.3), mix(lightest, "#feb47b", 0.4)];
  return [mix(tone(draw, 0.6), "#3a7bd5", 0.65), mix(lightest, "#dff1ff", 0.6)];
}

function stars(draw: Draw, horizon: number) {
  const count = Math.round(between(draw, 90, 170));
  for (let i = 0; i < count; i++) {
    const x = between(draw, 0, draw.width);
    const y = between(draw, 0, horizon * 0.95);
    draw.body.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(between(draw, 0.6, 2.4))}" fill="#ffffff" opacity="${between(draw, 0.35, 1).toFixed(2)}"/>`);
  }
}

function sun(draw: Draw, horizon: number, sky: Sky, moon: boolean) {
  const r = draw.width * between(draw, 0.05, 0.085);
  const x = draw.width * between(draw, 0.2, 0.8);
  const y = horizon * (sky === "sunset" && !moon ? between(draw, 0.4, 0.55) : between(draw, 0.2, 0.45));
  const colour = moon ? "#f3f1e4" : mix(draw.tones[draw.tones.length - 1]!, sky === "sunset" ? "#ffb347" : "#fff4c2", 0.6);
  draw.body.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(r * 4)}" fill="${glow(draw, colour, moon ? 0.25 : 0.45)}"/>`);
  draw.body.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(r)}" fill="${colour}"/>`);
  if (moon) {
    for (let i = 0; i < 4; i++) {
      const cx = x + between(draw, -0.5, 0.5) * r;
      const cy = y + between(draw, -0.5, 0.5) * r;
      draw.body.push(`<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r * between(draw, 0.08, 0.2))}" fill="#d9d6c6"/>`);
    }
  }
}

/** A ridge as a random walk across the picture, filled down to the bottom. */
function ridge(draw: Draw, base: number, height: number, roughness: number, colour: string, smooth: boolean) {
  const steps = smooth ? 6 : Math.round(between(draw, 9, 16));
  const points: Array<[number, number]> = [];
  for (let i = 0; i <= steps; i++) {
    const x = (draw.width * i) / steps;
    points.push([x, base - height * (smooth ? between(draw, 0.3, 1) : between(draw, roughness, 1))]);
  }
  let path = `M0 ${f(draw.height)} L${f(points[0]![0])} ${f(points[0]![1])}`;
  for (let i = 1; i < points.length; i++) {
    const [x, y] = points[i]!;
    if (smooth) {
      const [px, py] = points[i - 1]!;
      path += ` Q${f(px + (x - px) / 2)} ${f(Math.min(py, y) - height * 0.2)} ${f(x)} ${f(y)}`;
    } else path += ` L${f(x)} ${f(y)}`;
  }
  path += ` L${f(draw.width)} ${f(draw.height)} Z`;
  draw.body.push(`<path d="${path}" fill="${colour}"/>`);
}

function city(draw: Draw, horizon: number, sky: Sky) {
  const colour = sky === "night" ? mix(tone(draw, 0.35), "#1f2633", 0.55) : mix(tone(draw, 0.2), "#2b2d42", 0.4);
  const lit = sky === "night" ? "#ffd97a" : mix(draw.tones[draw.tones.length - 1]!, "#ffffff", 0.5);
  let x = -between(draw, 0, 30);
  while (x < draw.width) {
    const w = between(draw, 40, 110);
    const h = between(draw, 0.12, 0.42) * draw.height;
    const top = horizon + 20 - h;
    draw.body.push(`<rect x="${f(x)}" y="${f(top)}" width="${f(w)}" height="${f(draw.height - top)}" fill="${colour}"/>`);
    for (let wy = top + 12; wy < horizon; wy += 22) {
      for (let wx = x + 8; wx < x + w - 14; wx += 18) {
        if (draw.next() < (sky === "night" ? 0.45 : 0.25)) draw.body.push(`<rect x="${f(wx)}" y="${f(wy)}" width="8.0" height="11.0" fill="${lit}" opacity="0.85"/>`);
      }
    }
    x += w + between(draw, 2, 12);
  }
}

function forest(draw: Draw, horizon: number) {
  const rows = 2;
  for (let row = 0; row < rows; row++) {
    const base = horizon + 25 + row * 45;
    const colour = mix(mix(tone(draw, 0.25), "#1b4332", 0.55), "#000000", row * 0.25);
    let x = -between(draw, 0, 40);
    while (x < draw.width + 40) {
      const h = between(draw, 90, 200);
      const w = h * between(draw, 0.35, 0.5);
      draw.body.push(`<path d="M${f(x - w / 2)} ${f(base)} L${f(x)} ${f(base - h)} L${f(x + w / 2)} ${f(base)} Z" fill="${colour}"/>`);
      x += w * between(draw, 0.45, 0.8);
    }
  }
}

function sea(draw: Draw, horizon: number, sky: string[]) {
  const deep = mix(tone(draw, 0.2), "#03045e", 0.45);
  draw.body.push(`<rect x="0" y="${f(horizon)}" width="${f(draw.width)}" height="${f(draw.height - horizon)}" fill="${linearGradient(draw, [mix(sky[sky.length - 1]!, deep, 0.5), deep])}"/>`);
  const lines = Math.round(between(draw, 10, 18));
  for (let i = 0; i < lines; i++) {
    const y = horizon + ((draw.height - horizon) * (i + 0.5)) / lines;
    const amplitude = 2 + (i / lines) * 8;
    const length = 30 + (i / lines) * 60;
    let path = `M0 ${f(y)}`;
    for (let x = 0; x < draw.width; x += length) path += ` q${f(length / 4)} ${f(-amplitude)} ${f(length / 2)} 0 t${f(length / 2)} 0`;
    draw.body.push(`<path d="${path}" fill="none" stroke="${mix(sky[sky.length - 1]!, "#ffffff", 0.3)}" stroke-width="${f(1 + i / 6)}" opacity="${(0.25 + 0.35 * draw.next()).toFixed(2)}"/>`);
  }
}

function landscape(draw: Draw, sky: Sky, elements: LandscapeElement[]) {
  const colours = skyColours(draw, sky);
  const horizon = draw.height * between(draw, 0.58, 0.68);
  draw.body.push(`<rect width="${f(draw.width)}" height="${f(draw.height)}" fill="${linearGradient(draw, colours)}"/>`);
  const has = (element: LandscapeElement) => elements.includes(element);
  if (has("stars")) stars(draw, horizon);
  if (has("sun")) sun(draw, horizon, sky, false);
  if (has("moon")) sun(draw, horizon, sky, true);
  const haze = colours[colours.length - 1]!;
  if (has("mountains")) {
    ridge(draw, horizon, draw.height * 0.38, 0.35, mix(tone(draw, 0.3), haze, 0.55), false);
    ridge(draw, horizon + 10, draw.height * 0.26, 0.25, mix(tone(draw, 0.15), haze, 0.25), false);
  }
  const ground = mix(mix(tone(draw, 0.35), sky === "night" ? "#0b1a12" : "#2d6a4f", 0.3), "#000000", sky === "night" ? 0.4 : 0);
  if (has("hills")) {
    ridge(draw, horizon + 30, draw.height * 0.16, 0.3, mix(ground, haze, 0.3), true);
    ridge(draw, horizon + 80, draw.height * 0.14, 0.3, ground, true);
  }
  if (!has("sea")) draw.body.push(`<rect x="0" y="${f(horizon + 20)}" width="${f(draw.width)}" height="${f(draw.height)}" fill="${mix(ground, "#000000", 0.2)}"/>`);
  if (has("city")) city(draw, horizon, sky);
  if (has("forest")) forest(draw, horizon);
  if (has("sea")) sea(draw, horizon + 20, colours);
}

function background(draw: Draw) {
  draw.body.push(`<rect width="${f(draw.width)}" height="${f(draw.height)}" fill="${linearGradient(draw, [draw.tones[0]!, tone(draw, 0.4)])}"/>`);
}

function circles(draw: Draw) {
  background(draw);
  const count = Math.round(between(draw, 12, 30));
  for (let i = 0; i < count; i++) {
    const r = between(draw, 0.03, 0.16) * Math.max(draw.width, draw.height);
    draw.body.push(
      `<circle cx="${f(between(draw, 0, draw.width))}" cy="${f(between(draw, 0, draw.height))}" r="${f(r)}" fill="${pick(draw, draw.tones)}" opacity="${between(draw, 0.55, 0.95).toFixed(2)}"/>`,
    );
  }
}

function stripes(draw: Draw) {
  const angle = between(draw, -35, 35);
  const span = Math.hypot(draw.width, draw.height);
  const parts: string[] = [];
  let y = -span / 2;
  let index = Math.floor(draw.next() * draw.tones.length);
  while (y < span / 2) {
    const h = between(draw, 0.03, 0.12) * span;
    parts.push(`<rect x="${f(-span / 2)}" y="${f(y)}" width="${f(span)}" height="${f(h + 1)}" fill="${draw.tones[index % draw.tones.length]}"/>`);
    index += 1 + Math.floor(draw.next() * 2);
    y += h;
  }
  draw.body.push(`<g transform="translate(${f(draw.width / 2)} ${f(draw.height / 2)}) rotate(${angle.toFixed(1)})">${parts.join("")}</g>`);
}

function grid(draw: Draw) {
  draw.body.push(`<rect width="${f(draw.width)}" height="${f(draw.height)}" fill="${mix(draw.tones[0]!, "#000000", 0.3)}"/>`);
  const across = Math.round(between(draw, 6, 12));
  const size = draw.width / across;
  const down = Math.ceil(draw.height / size);
  const gap = size * 0.06;
  for (let row = 0; row < down; row++) {
    for (let column = 0; column < across; column++) {
      draw.body.push(`<rect x="${f(column * size + gap)}" y="${f(row * size + gap)}" width="${f(size - 2 * gap)}" height="${f(size - 2 * gap)}" rx="${f(gap)}" fill="${pick(draw, draw.tones)}"/>`);
    }
  }
}

function triangles(draw: Draw) {
  const across = Math.round(between(draw, 5, 9));
  const cell = draw.width / across;
  const down = Math.ceil(draw.height / cell);
  const salt = Math.floor(draw.next() * 2 ** 31);
  // Each corner is shared by up to six triangles, so its jitter comes from its own position.
  const point = (column: number, row: number): [number, number] => {
    const edge = column === 0 || row === 0 || column === across || row === down;
    const jitter = edge ? 0 : cell * 0.35;
    const local = random(Math.imul(column, 73856093) ^ Math.imul(row, 19349663) ^ salt);
    return [column * cell + (local() - 0.5) * jitter, row * cell + (local() - 0.5) * jitter];
  };
  for (let row = 0; row < down; row++) {
    for (let column = 0; column < across; column++) {
      const [a, b, c, d] = [point(column, row), point(column + 1, row), point(column + 1, row + 1), point(column, row + 1)];
      for (const triangle of [[a, b, c], [a, c, d]]) {
        const share = Math.min(0.999, (row / down) * 0.6 + draw.next() * 0.4);
        const colour = mix(tone(draw, share), "#ffffff", draw.next() * 0.12);
        draw.body.push(`<path d="M${triangle.map(([x, y]) => `${f(x)} ${f(y)}`).join(" L")} Z" fill="${colour}" stroke="${colour}" stroke-width="0.8"/>`);
      }
    }
  }
}

function waves(draw: Draw) {
  background(draw);
  const layers = Math.round(between(draw, 5, 9));
  for (let layer = 0; layer < layers; layer++) {
    const base = (draw.height * (layer + 1)) / (layers + 1);
    const amplitude = between(draw, 0.02, 0.07) * draw.height;
    const length = between(draw, 0.2, 0.45) * draw.width;
    const phase = between(draw, 0, length);
    let path = `M0 ${f(draw.height)} L0 ${f(base)}`;
    for (let x = -phase; x < draw.width + length; x += length) path += ` Q${f(x + length / 4)} ${f(base - amplitude)} ${f(x + length / 2)} ${f(base)} T${f(x + length)} ${f(base)}`;
    path += ` L${f(draw.width + length)} ${f(draw.height)} Z`;
    draw.body.push(`<path d="${path}" fill="${draw.tones[(layer + 1) % draw.tones.length]}" opacity="0.9"/>`);
  }
}

function abstract(draw: Draw) {
  background(draw);
  const blobs = Math.round(between(draw, 5, 9));
  for (let i = 0; i < blobs; i++) {
    const r = between(draw, 0.15, 0.45) * Math.max(draw.width, draw.height);
    draw.body.push(`<circle cx="${f(between(draw, 0, draw.width))}" cy="${f(between(draw, 0, draw.height))}" r="${f(r)}" fill="${glow(draw, pick(draw, draw.tones), between(draw, 0.6, 0.95))}"/>`);
  }
  const rings = Math.round(between(draw, 2, 5));
  for (let i = 0; i < rings; i++) {
    draw.body.push(
      `<circle cx="${f(between(draw, 0, draw.width))}" cy="${f(between(draw, 0, draw.height))}" r="${f(between(draw, 40, 260))}" fill="none" stroke="${pick(draw, draw.tones)}" stroke-width="${f(between(draw, 3, 14))}" opacity="0.7"/>`,
    );
  }
}

const PATTERNS = { circles, stripes, grid, triangles, waves, abstract } as const;

/** The scene as an SVG document `pixels` wide and high (the drawing is scaled to fit exactly). */
export function sceneSvg(scene: Scene, pixels: { width: number; height: number }): string {
  const ratio = scene.frame.ratio;
  const width = ratio >= 1 ? UNITS : Math.round(UNITS * ratio);
  const height = ratio >= 1 ? Math.round(UNITS / ratio) : UNITS;
  // The drawing has its own generator, one step on from the scene's choices, so adding a word to
  // the vocabulary later does not move every shape of an existing prompt.
  const draw: Draw = {
    width,
    height,
    next: random(scene.seed ^ 0x5bd1e995),
    tones: [...scene.palette].sort((a, b) => luminance(a) - luminance(b)),
    defs: [],
    body: [],
  };
  if (scene.composition.kind === "landscape") landscape(draw, scene.composition.sky, scene.composition.elements);
  else PATTERNS[scene.composition.pattern](draw);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${pixels.width}" height="${pixels.height}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none">` +
    `<defs>${draw.defs.join("")}</defs>${draw.body.join("")}</svg>`
  );
}

/** Output pixels for a frame at a longest edge. */
export function framePixels(ratio: number, edge: number): { width: number; height: number } {
  return ratio >= 1 ? { width: edge, height: Math.max(1, Math.round(edge / ratio)) } : { width: Math.max(1, Math.round(edge * ratio)), height: edge };
}
