/**
 * The Gemini generation provider (@google/genai, `models.generateContent` with image output).
 * GENERATE sends the prompt alone; MODIFY sends the prompt with the picture to change (upright, at
 * most 2048 px). The returned image is brought to the tier's longest edge as an sRGB JPEG without
 * metadata. Failures become GenerationProviderErrors with a message fit for the job; only those
 * another attempt could cure are retryable.
 */
import { ApiError, FinishReason, GoogleGenAI, Modality, type GenerateContentResponse, type Part } from "@google/genai";
import sharp from "sharp";
import { jpegOptions } from "@spike-land/shared/node/enhance";
import { ENHANCEMENT_LONGEST_EDGE, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { GenerationProviderError, type GeneratedImage, type GenerationProvider } from "./types.ts";

const INPUT_MAX_EDGE = 2048;
const REQUEST_TIMEOUT_MS = 120_000;
/** Finish reasons another attempt with the same prompt would meet again. */
const REFUSALS = new Set<string>([
  FinishReason.SAFETY,
  FinishReason.IMAGE_SAFETY,
  FinishReason.PROHIBITED_CONTENT,
  FinishReason.IMAGE_PROHIBITED_CONTENT,
  FinishReason.BLOCKLIST,
  FinishReason.SPII,
  FinishReason.RECITATION,
]);

export type GeminiGenerationOptions = {
  apiKey: string;
  /** Another endpoint speaking the Gemini REST API (a proxy, or a test server). */
  baseUrl?: string;
  model: string;
  timeoutMs?: number;
};

/** The error's own explanation, from the JSON body the SDK puts in the message when there is one. */
function apiMessage(error: ApiError): string {
  try {
    const body = JSON.parse(error.message) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    /* plain text */
  }
  return error.message;
}

function geminiError(error: unknown, model: string): GenerationProviderError {
  if (error instanceof GenerationProviderError) return error;
  if (error instanceof ApiError) {
    const status = error.status;
    if (status === 429) return new GenerationProviderError("The image model is busy; the job will retry.", true, status);
    if (status === 401 || status === 403) return new GenerationProviderError("The image model refused the API key; check GEMINI_API_KEY.", false, status);
    if (status === 404) return new GenerationProviderError(`The image model “${model}” was not found; check GEMINI_MODEL.`, false, status);
    if (status >= 500) return new GenerationProviderError(`The image model is unavailable (HTTP ${status}); the job will retry.`, true, status);
    return new GenerationProviderError(`The image model rejected the request (HTTP ${status}): ${apiMessage(error).slice(0, 200)}`, false, status);
  }
  return new GenerationProviderError("The image model could not be reached; the job will retry.", true);
}

function returnedImage(response: GenerateContentResponse): Buffer {
  const blocked = response.promptFeedback?.blockReason;
  if (blocked) throw new GenerationProviderError(`The image model declined this prompt (${blocked}).`, false);
  const candidate = response.candidates?.[0];
  const image = candidate?.content?.parts?.find((part) => part.inlineData?.data && part.inlineData.mimeType?.startsWith("image/"));
  if (image?.inlineData?.data) return Buffer.from(image.inlineData.data, "base64");
  const reason = candidate?.finishReason ?? "no candidates";
  if (REFUSALS.has(reason)) throw new GenerationProviderError(`The image model declined this prompt (${reason}).`, false);
  throw new GenerationProviderError(`The image model returned no image (${reason}); the job will retry.`, true);
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
  const client = new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: { timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) },
  });

  async function call(parts: Part[], tier: EnhancementTier): Promise<GeneratedImage> {
    let response: GenerateContentResponse;
    try {
      response = await client.models.generateContent({ model, contents: [{ role: "user", parts }], config: { responseModalities: [Modality.IMAGE] } });
    } catch (error) {
      throw geminiError(error, model);
    }
    return { ...(await atTierSize(returnedImage(response), tier)), model };
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
