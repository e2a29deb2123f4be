/**
 * What the two Gemini image providers (enhancement and generation) share: the client, reading the
 * image out of an answer, and turning a failed call or a refusal into a message for the job with
 * whether another attempt could help. Each provider wraps the failure in its own error type.
 */
import { ApiError, FinishReason, GoogleGenAI, type GenerateContentResponse } from "@google/genai";

const REQUEST_TIMEOUT_MS = 120_000;

/** Finish reasons that another attempt with the same input would meet again. */
const REFUSALS = new Set<string>([
  FinishReason.SAFETY,
  FinishReason.IMAGE_SAFETY,
  FinishReason.PROHIBITED_CONTENT,
  FinishReason.IMAGE_PROHIBITED_CONTENT,
  FinishReason.BLOCKLIST,
  FinishReason.SPII,
  FinishReason.RECITATION,
]);

export type GeminiFailure = { message: string; retryable: boolean; status?: number };

/** Thrown by the helpers below; providers turn it into their own error with `rethrowAs`. */
export class GeminiImageFailure extends Error {
  constructor(readonly failure: GeminiFailure) {
    super(failure.message);
    this.name = "GeminiImageFailure";
  }
}

export function geminiImageClient(options: { apiKey: string; baseUrl?: string; timeoutMs?: number }): GoogleGenAI {
  return new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: { timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) },
  });
}

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

/** A failed `generateContent` call, described for the job page. */
export function describeCallFailure(error: unknown, model: string): GeminiFailure {
  if (error instanceof ApiError) {
    const status = error.status;
    if (status === 429) return { message: "The image model is busy; the job will retry.", retryable: true, status };
    if (status === 401 || status === 403) return { message: "The image model refused the API key; check GEMINI_API_KEY.", retryable: false, status };
    if (status === 404) return { message: `The image model “${model}” was not found; check GEMINI_MODEL.`, retryable: false, status };
    if (status >= 500) return { message: `The image model is unavailable (HTTP ${status}); the job will retry.`, retryable: true, status };
    return { message: `The image model rejected the request (HTTP ${status}): ${apiMessage(error).slice(0, 200)}`, retryable: false, status };
  }
  return { message: "The image model could not be reached; the job will retry.", retryable: true };
}

/** The first image in the answer; a GeminiImageFailure saying why there is none. `subject` names what was declined. */
export function returnedImage(response: GenerateContentResponse, subject: "picture" | "prompt"): Buffer {
  const blocked = response.promptFeedback?.blockReason;
  if (blocked) throw new GeminiImageFailure({ message: `The image model declined this ${subject} (${blocked}).`, retryable: false });
  const candidate = response.candidates?.[0];
  const image = candidate?.content?.parts?.find((part) => part.inlineData?.data && part.inlineData.mimeType?.startsWith("image/"));
  if (image?.inlineData?.data) return Buffer.from(image.inlineData.data, "base64");
  const reason = candidate?.finishReason ?? "no candidates";
  if (REFUSALS.has(reason)) throw new GeminiImageFailure({ message: `The image model declined this ${subject} (${reason}).`, retryable: false });
  throw new GeminiImageFailure({ message: `The image model returned no image (${reason}); the job will retry.`, retryable: true });
}
