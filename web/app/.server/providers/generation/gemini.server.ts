/**
 * The Gemini generation provider (@google/genai, `models.generateContent` with image output).
 * GENERATE sends the prompt alone; MODIFY sends the prompt with the picture to change (upright, at
 * most 2048 px). The returned image is brought to the tier's longest edge as an sRGB JPEG without
 * metadata. Failures become GenerationProviderErrors with a message fit for the job; only those
 * another attempt could cure are retryable.
 */
import { Modality, type GenerateContentResponse, type Part } from "@google/genai";
import sharp from "sharp";
import { jpegOptions } from "@spike-land/shared/node/enhance";
import { ENHANCEMENT_LONGEST_EDGE, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { describeCallFailure, GeminiImageFailure, geminiImageClient, returnedImage, type GeminiFailure } from "../gemini-image.server.ts";
import { GenerationProviderError, type GeneratedImage, type GenerationProvider } from "./types.ts";

const INPUT_MAX_EDGE = 2048;

export type GeminiGenerationOptions = {
  apiKey: string;
  /** Another endpoint speaking the Gemini REST API (a proxy, or a test server). */
  baseUrl?: string;
  model: string;
  timeoutMs?: number;
};

function generationError(failure: GeminiFailure): GenerationProviderError {
  return new GenerationProviderError(failure.message, failure.retryable, failure.status);
}

/** The prompt as sent: what to make, and that only an image should come back. */
export function geminiPrompt(kind: "GENERATE" | "MODIFY", prompt: string): string {
  const text = prompt.trim().replace(/\.?$/, ".");
  return kind === "GENERATE"
    ? `Create an image: ${text} Return only the image.`
    : `Edit the attached image as follows: ${text} Keep everything else as it is and return only the edited image.`;
}

async function atTierSize(bytes: Buffer, tier: EnhancementTier): Promise<Omit<GeneratedImage, "model">> {
  const edge = ENHANCEMENT_LONGEST_EDGE[tier];
  try {
    const { data, info } = await sharp(bytes)
      .autoOrient()
      .resize(edge, edge, { fit: "inside" })
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .jpeg(jpegOptions(tier))
      .toBuffer({ resolveWithObject: true });
    return { output: data, width: info.width, height: info.height, sizeBytes: data.length };
  } catch {
    throw new GenerationProviderError("The image model returned an image that could not be read; the job will retry.", true);
  }
}

export function createGeminiGeneration(options: GeminiGenerationOptions): GenerationProvider & { readonly model: string } {
  const model = options.model;
  const client = geminiImageClient(options);

  async function call(parts: Part[], tier: EnhancementTier): Promise<GeneratedImage> {
    let response: GenerateContentResponse;
    try {
      response = await client.models.generateContent({ model, contents: [{ role: "user", parts }], config: { responseModalities: [Modality.IMAGE] } });
    } catch (error) {
      throw generationError(describeCallFailure(error, model));
    }
    let image: Buffer;
    try {
      image = returnedImage(response, "prompt");
    } catch (error) {
      throw error instanceof GeminiImageFailure ? generationError(error.failure) : error;
    }
    return { ...(await atTierSize(image, tier)), model };
  }

  return {
    kind: "gemini",
    model,
    read(kind, prompt, tier) {
      const size = `${ENHANCEMENT_LONGEST_EDGE[tier]} px on the longest edge`;
      return { ok: true, summary: `${model} will ${kind === "GENERATE" ? "create" : "edit"} the image as the prompt says, delivered at ${size}.` };
    },
    generate({ prompt, tier }) {
      return call([{ text: geminiPrompt("GENERATE", prompt) }], tier);
    },
    async modify({ prompt, tier, input }) {
      let picture: Buffer;
      try {
        picture = await sharp(input, { failOn: "none" })
          .autoOrient()
          .resize(INPUT_MAX_EDGE, INPUT_MAX_EDGE, { fit: "inside", withoutEnlargement: true })
          .flatten({ background: "#ffffff" })
          .toColourspace("srgb")
          .jpeg({ quality: 90 })
          .toBuffer();
      } catch {
        throw new GenerationProviderError("The image to modify could not be read.", false);
      }
      return call([{ text: geminiPrompt("MODIFY", prompt) }, { inlineData: { mimeType: "image/jpeg", data: picture.toString("base64") } }], tier);
    },
  };
}
