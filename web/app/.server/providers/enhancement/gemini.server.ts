/**
 * The Gemini enhancement provider (@google/genai). ANALYZING, CROPPING and PROMPTING run locally as
 * with the embedded engine; GENERATING sends the prompt and the upright, cropped picture (and a blend
 * job's second image) to `models.generateContent`, reads the image it returns and brings it to the
 * tier's size as an sRGB JPEG without metadata. Failures become EnhancementProviderErrors with a
 * message fit for the job page; only those another attempt could cure are retryable.
 */
import { Modality, type GenerateContentResponse, type GoogleGenAI, type Part } from "@google/genai";
import sharp from "sharp";
import { analyze, autoCrop, describeBlend, describeCorrections, jpegOptions } from "@spike-land/shared/node/enhance";
import type { CropDimensions } from "@spike-land/shared/images/enhancement";
import { ENHANCEMENT_LONGEST_EDGE } from "@spike-land/shared/tokens/tiers";
import { describeCallFailure, GeminiImageFailure, geminiImageClient, returnedImage, type GeminiFailure } from "../gemini-image.server.ts";
import { EnhancementProviderError, type EnhanceOutcome, type EnhancementProvider, type EnhanceRequest } from "./types.ts";

/** Gemini's generally available image-editing model. */
export const DEFAULT_GEMINI_MODEL = "gemini-2.5-flash-image";
/** The picture sent is at most this large on its longest edge (the model works at about 1 MP). */
const INPUT_MAX_EDGE = 2048;
const BLEND_SOURCE_MAX_EDGE = 1024;

export type GeminiOptions = {
  apiKey: string;
  /** Another endpoint speaking the Gemini REST API (a proxy, or a test server). */
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
};

export type GeminiEnhancement = EnhancementProvider & { readonly model: string; readonly client: GoogleGenAI };

/** The picture as the model sees it: upright, cut to the crop, no larger than it needs. */
async function preparedPicture(input: Buffer, crop: CropDimensions | null, edge: number): Promise<Buffer> {
  let pipeline = sharp(input, { failOn: "none" }).autoOrient().flatten({ background: "#ffffff" }).toColourspace("srgb");
  if (crop) {
    // The crop box is in upright pixels: turn the picture upright first, then cut.
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).extract(crop);
  }
  return pipeline.resize(edge, edge, { fit: "inside", withoutEnlargement: true }).jpeg({ quality: 90 }).toBuffer();
}

async function preparedSource(source: Buffer): Promise<Buffer> {
  return sharp(source, { failOn: "none" })
    .autoOrient()
    .resize(BLEND_SOURCE_MAX_EDGE, BLEND_SOURCE_MAX_EDGE, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .jpeg({ quality: 85 })
    .toBuffer();
}

function inlineImage(bytes: Buffer): Part {
  return { inlineData: { mimeType: "image/jpeg", data: bytes.toString("base64") } };
}

/** The text sent with the picture: the local corrections, the blend and any extra instructions. */
function geminiPrompt(corrections: string, options: { blend: boolean; instructions?: string }): string {
  const parts = [`Edit the first image, a photograph. ${corrections}`];
  if (options.blend) parts.push(describeBlend(null));
  const extra = options.instructions;
  if (extra) parts.push(extra.endsWith(".") ? extra : `${extra}.`);
  parts.push("Keep the subject, composition and framing as they are, and return only the edited photograph.");
  return parts.join(" ");
}

function enhancementError(failure: GeminiFailure): EnhancementProviderError {
  return new EnhancementProviderError(failure.message, failure.retryable, failure.status);
}

export function createGeminiEnhancement(options: GeminiOptions): GeminiEnhancement {
  const model = options.model ?? DEFAULT_GEMINI_MODEL;
  const client = geminiImageClient(options);

  async function generate(request: EnhanceRequest, prompt: string, crop: CropDimensions | null, modelName: string) {
    const { settings } = request;
    const edge = ENHANCEMENT_LONGEST_EDGE[settings.tier];
    const [picture, source] = await Promise.all([
      preparedPicture(request.input, crop, Math.min(edge, INPUT_MAX_EDGE)),
      request.blendSource ? preparedSource(request.blendSource) : null,
    ]);
    const parts: Part[] = [{ text: prompt }, inlineImage(picture)];
    if (source) parts.push(inlineImage(source));
    let response: GenerateContentResponse;
    try {
      response = await client.models.generateContent({
        model: modelName,
        contents: [{ role: "user", parts }],
        config: {
          responseModalities: [Modality.IMAGE],
          ...(settings.generation.temperature !== undefined ? { temperature: settings.generation.temperature } : {}),
        },
      });
    } catch (error) {
      throw enhancementError(describeCallFailure(error, modelName));
    }
    let returned: Buffer;
    try {
      returned = returnedImage(response, "picture");
    } catch (error) {
      throw error instanceof GeminiImageFailure ? enhancementError(error.failure) : error;
    }
    try {
      const { data, info } = await sharp(returned)
        .autoOrient()
        .resize(edge, edge, { fit: "inside" })
        .flatten({ background: "#ffffff" })
        .toColourspace("srgb")
        .jpeg(jpegOptions(settings.tier, settings.generation.quality))
        .toBuffer({ resolveWithObject: true });
      return { output: data, width: info.width, height: info.height, sizeBytes: data.length };
    } catch {
      throw new EnhancementProviderError("The image model returned an image that could not be read; the job will retry.", true);
    }
  }

  return {
    kind: "gemini",
    model,
    client,
    async enhance(request): Promise<EnhanceOutcome> {
      const { input, settings, onStage } = request;
      await onStage?.("ANALYZING");
      const analysis = settings.analysis ? await analyze(input) : null;
      await onStage?.("CROPPING");
      const { cropped, crop } = settings.autoCrop.enabled
        ? await autoCrop(input, analysis, settings.autoCrop.minCropRatio)
        : { cropped: false, crop: null };
      await onStage?.("PROMPTING");
      const corrections = describeCorrections(analysis, crop, settings.tier);
      const prompt = geminiPrompt(corrections, { blend: Boolean(request.blendSource), instructions: settings.prompt.instructions });
      await onStage?.("GENERATING");
      const modelName = settings.generation.model ?? model;
      const output = await generate(request, prompt, crop, modelName);
      return { analysis, wasCropped: cropped, crop, prompt, output, model: modelName };
    },
  };
}
