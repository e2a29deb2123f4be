/**
 * The words the local engine understands in a "modify this image" prompt, and the edit plan they
 * make. Pure (no image work), so a prompt can be checked before anything is charged and the
 * vocabulary can be tested on its own. docs/api.md lists the same vocabulary for API users.
 *
 * A prompt is lower-cased and read phrase by phrase; every rule that matches adds its edit, and a
 * phrase used by one rule is not read again by a later one ("less vivid" is not also "vivid").
 * "much", "a lot", "very" or "way" just before a phrase doubles its strength; "slightly", "a bit",
 * "a little" or "a touch" halves it.
 */

export type AspectName = "1:1" | "16:9" | "4:3" | "3:2" | "4:5" | "9:16";
export const ASPECTS: Record<AspectName, number> = { "1:1": 1, "16:9": 16 / 9, "4:3": 4 / 3, "3:2": 3 / 2, "4:5": 4 / 5, "9:16": 9 / 16 };

export type EditPlan = {
  /** The engine's own analysis-driven corrections first ("enhance", "fix", "auto"). */
  auto: boolean;
  /** Exposure curve out = in^power on 0–1; below 1 brightens. 1 = unchanged. */
  exposure: number;
  /** Contrast gain about mid-grey; 1 = unchanged. */
  contrast: number;
  /** Warmth from −1 (cool) to 1 (warm); 0 = unchanged. */
  warmth: number;
  /** Saturation factor; 1 = unchanged. */
  saturation: number;
  tone: "colour" | "greyscale" | "sepia";
  /** Sharpening amount (0 = none). */
  sharpen: number;
  /** Blur radius as a share of the output's longest edge (0 = none). */
  blur: number;
  denoise: boolean;
  /** A centred crop to this aspect ratio (width:height). */
  crop: AspectName | null;
  /** Clockwise quarter turns. */
  rotate: 0 | 90 | 180 | 270;
  /** Mirror left to right. */
  mirror: boolean;
  /** Upside down without turning (top to bottom). */
  flipVertical: boolean;
  /** What was understood, in the order the prompt said it, in plain English. */
  steps: string[];
};

export function neutralPlan(): EditPlan {
  return { auto: false, exposure: 1, contrast: 1, warmth: 0, saturation: 1, tone: "colour", sharpen: 0, blur: 0, denoise: false, crop: null, rotate: 0, mirror: false, flipVertical: false, steps: [] };
}

type Rule = {
  pattern: RegExp;
  /** Applies the edit at `strength` (1 normal, 2 strong, 0.5 gentle) and says what it did. */
  apply: (plan: EditPlan, strength: number) => string;
};

const COLOUR = "colou?rs?";
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const amount = (strength: number) => (strength > 1 ? "strongly " : strength < 1 ? "slightly " : "");

function turn(plan: EditPlan, degrees: 90 | 180 | 270): string {
  plan.rotate = ((plan.rotate + degrees) % 360) as EditPlan["rotate"];
  return degrees === 180 ? "turn upside down (180°)" : `rotate 90° ${degrees === 90 ? "clockwise" : "anticlockwise"}`;
}

function cropTo(plan: EditPlan, aspect: AspectName): string {
  plan.crop = aspect;
  return aspect === "1:1" ? "crop to a centred square" : `crop to ${aspect} around the centre`;
}

/**
 * In order: a rule earlier in the list claims its words first, so negated and compound phrases come
 * before the single words they contain.
 */
const RULES: Rule[] = [
  {
    pattern: /\b(auto ?(fix|correct|enhance)|enhance|improve|fix (it|the (photo|picture|image|colou?rs?))|fix|auto)\b/,
    apply: (plan) => {
      plan.auto = true;
      return "apply the engine's automatic corrections (exposure, levels, colour cast, sharpening)";
    },
  },
  {
    pattern: /\b(less (bright|light)|darker|darken|dimmer|moodier|too (bright|light)|(decrease|reduce|lower) (the )?(brightness|exposure)|(less|lower) (brightness|exposure)|underexpose)\b/,
    apply: (plan, strength) => {
      plan.exposure *= 1.3 ** strength;
      return `${amount(strength)}darken`;
    },
  },
  {
    pattern: /\b(less dark|brighter|brighten|lighter|lighten|too dark|(increase|raise|boost) (the )?(brightness|exposure)|(more|higher) (brightness|exposure|light))\b/,
    apply: (plan, strength) => {
      plan.exposure *= 0.77 ** strength;
      return `${amount(strength)}brighten`;
    },
  },
  {
    pattern: /\b((less|lower|reduce( the)?|decrease( the)?) contrast|flatter|faded|matte)\b/,
    apply: (plan, strength) => {
      plan.contrast *= 0.8 ** strength;
      return `${amount(strength)}lower the contrast`;
    },
  },
  {
    pattern: /\b((more|higher|increase( the)?|boost( the)?|add|stronger) contrast|contrastier|punchier|punchy|more punch)\b/,
    apply: (plan, strength) => {
      plan.contrast *= 1.25 ** strength;
      return `${amount(strength)}raise the contrast`;
    },
  },
  {
    pattern: /\b(less warm|cooler|colder|cool (it )?down|cool tones?|bluer|too (warm|yellow|orange))\b/,
    apply: (plan, strength) => {
      plan.warmth -= 0.5 * strength;
      return `${amount(strength)}cool the colours`;
    },
  },
  {
    pattern: /\b(less cool|less cold|warmer|warm (it )?up|warm tones?|more warmth|golden|too (cold|cool|blue))\b/,
    apply: (plan, strength) => {
      plan.warmth += 0.5 * strength;
      return `${amount(strength)}warm the colours`;
    },
  },
  {
    pattern: new RegExp(`\\b(black and white|b and w|bw|gr[ae]y ?scale|monochrome|mono|no ${COLOUR}|colou?rless)\\b`),
    apply: (plan) => {
      plan.tone = "greyscale";
      return "make it black and white";
    },
  },
  {
    pattern: /\b(sepia|vintage|old photo|antique)\b/,
    apply: (plan) => {
      plan.tone = "sepia";
      return "give it a sepia tone";
    },
  },
  {
    pattern: new RegExp(`\\b(less (saturat\\w*|${COLOUR}ful|vivid|vibrant)|desaturat\\w*|muted|subdued|(reduce|lower|decrease) (the )?saturation)\\b`),
    apply: (plan, strength) => {
      plan.saturation *= 0.7 ** strength;
      return `${amount(strength)}mute the colours`;
    },
  },
  {
    pattern: new RegExp(`\\b(more (saturat\\w*|${COLOUR}ful|vivid|vibrant)|saturate|(boost|increase|raise) (the )?(saturation|${COLOUR})|richer ${COLOUR}|vivid|vibrant|${COLOUR}ful|pop)\\b`),
    apply: (plan, strength) => {
      plan.saturation *= 1.3 ** strength;
      return `${amount(strength)}boost the colours`;
    },
  },
  {
    pattern: /\b(less blurry|too blurry|too soft|sharper|sharpen\w*|crisper|crisp|clearer|more detail)\b/,
    apply: (plan, strength) => {
      plan.sharpen += strength;
      return `${amount(strength)}sharpen`;
    },
  },
  {
    pattern: /\b(blur\w*|soft focus|softer focus|dreamy|defocus\w*)\b/,
    apply: (plan, strength) => {
      plan.blur += 0.003 * strength;
      return `${amount(strength)}blur`;
    },
  },
  {
    pattern: /\b(de ?noise|less noise|(reduce|remove) (the )?noise|noise reduction|less grain\w*|smoother|smooth)\b/,
    apply: (plan) => {
      plan.denoise = true;
      return "reduce noise";
    },
  },
  { pattern: /\b(16 ?: ?9|widescreen)\b/, apply: (plan) => cropTo(plan, "16:9") },
  { pattern: /\b(9 ?: ?16|story format|vertical video)\b/, apply: (plan) => cropTo(plan, "9:16") },
  { pattern: /\b4 ?: ?3\b/, apply: (plan) => cropTo(plan, "4:3") },
  { pattern: /\b3 ?: ?2\b/, apply: (plan) => cropTo(plan, "3:2") },
  { pattern: /\b(4 ?: ?5|portrait crop)\b/, apply: (plan) => cropTo(plan, "4:5") },
  { pattern: /\b(1 ?: ?1|square)\b/, apply: (plan) => cropTo(plan, "1:1") },
  {
    pattern: /\b(rotate (it )?(by )?(90|ninety) (degrees? )?(counter ?clockwise|anti ?clockwise|ccw|left)|rotate (it )?left|turn (it )?left)\b/,
    apply: (plan) => turn(plan, 270),
  },
  { pattern: /\b(rotate (it )?(by )?(180|one eighty)( degrees?)?|upside down)\b/, apply: (plan) => turn(plan, 180) },
  {
    pattern: /\b(rotate (it )?(by )?(90|ninety)( degrees?)?( (clockwise|cw|right))?|rotate (it )?right|turn (it )?right|rotate)\b/,
    apply: (plan) => turn(plan, 90),
  },
  {
    pattern: /\b(flip (it )?vertically|vertical flip)\b/,
    apply: (plan) => {
      plan.flipVertical = !plan.flipVertical;
      return "flip top to bottom";
    },
  },
  {
    pattern: /\b(flip (it )?horizontally|horizontal flip|mirror\w*|flip)\b/,
    apply: (plan) => {
      plan.mirror = !plan.mirror;
      return "mirror left to right";
    },
  },
];

const STRONG = /\b(much|a lot|lots|very|way|far|significantly|really|extra) $/;
const GENTLE = /\b(slightly|a bit|a little|a touch|a tad|somewhat|subtly|bit|little) $/;

/** Lower case, "&" as "and", every run of other characters (but ":" in ratios) as one space. */
export function normalisePrompt(prompt: string): string {
  return ` ${prompt.toLowerCase().replace(/&/g, " and ").replace(/[^a-z0-9:]+/g, " ").trim()} `;
}

/** The edit plan a prompt asks for; `steps` is empty when it asks for nothing the engine knows. */
export function planEdits(prompt: string): EditPlan {
  const plan = neutralPlan();
  let text = normalisePrompt(prompt);
  const found: Array<{ at: number; step: string }> = [];
  for (const rule of RULES) {
    const global = new RegExp(rule.pattern.source, "g");
    for (const match of text.matchAll(global)) {
      const before = text.slice(Math.max(0, match.index - 24), match.index);
      const strength = STRONG.test(before) ? 2 : GENTLE.test(before) ? 0.5 : 1;
      found.push({ at: match.index, step: rule.apply(plan, strength) });
    }
    // The words one rule used are not read again by a later rule.
    text = text.replace(global, (words) => " ".repeat(words.length));
  }
  plan.exposure = clamp(plan.exposure, 0.4, 2.5);
  plan.contrast = clamp(plan.contrast, 0.5, 2);
  plan.warmth = clamp(plan.warmth, -1, 1);
  plan.saturation = clamp(plan.saturation, 0, 2.5);
  plan.sharpen = clamp(plan.sharpen, 0, 3);
  plan.blur = clamp(plan.blur, 0, 0.02);
  plan.steps = found.sort((a, b) => a.at - b.at).map((entry) => entry.step);
  return plan;
}

/** The vocabulary in a sentence, for the refusal of a prompt the engine cannot carry out. */
export const EDIT_VOCABULARY =
  "brighter / darker, more / less contrast, warmer / cooler, more / less saturated (vivid, muted), black and white, sepia, " +
  "sharper, blur, less noise, crop square (or 16:9, 4:3, 3:2, 4:5, 9:16), rotate left / right / 180, mirror, flip vertically, " +
  "and enhance (the automatic corrections); add much or slightly for more or less";

/** The plan as one sentence for the person: "Brighten; crop to a centred square." */
export function describeEdits(plan: EditPlan): string {
  if (plan.steps.length === 0) return "No changes.";
  const text = plan.steps.join("; ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
