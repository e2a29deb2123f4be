/**
 * The MCP server's tools. Every tool works for the API key's owner only: another person's images
 * and jobs are "not found". Tools reuse the app's own services, so tokens, rate limits, refunds and
 * checks are the same as in the app. A refusal (a DomainError) comes back as a tool error with the
 * same sentence the app would show; anything unexpected is logged and answered with a general one.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import sharp from "sharp";
import { z } from "zod";
import { DomainError } from "@spike-land/shared/errors";
import { ENHANCEMENT_TIERS, enhancementPriceList } from "@spike-land/shared/tokens/tiers";
import { consume, LIMITS, RateLimitedError } from "../platform/rate-limit.server.ts";
import { describeLimit } from "../platform/rate-limit-rules.server.ts";
import { recordServerError } from "../platform/error-log.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { findImage, listImages, publicImage } from "../images/library.server.ts";
import { allowUpload } from "../images/receive.server.ts";
import { storeUpload } from "../images/upload.server.ts";
import { ensureDefaultAlbums } from "../albums/albums.server.ts";
import { albumSummaries } from "../albums/api.server.ts";
import { requestEnhancement } from "../jobs/requests.server.ts";
import { findJob, jobView } from "../jobs/views.server.ts";
import { history, readBalance } from "../tokens/ledger.server.ts";
import { generationJobView, generationOutput, NO_SOURCE_MESSAGE, requestGeneration, tryAgain, type ModifySource, type Requester } from "./generation-jobs.server.ts";
import { decodeBase64Image, fetchImageUrl } from "./image-source.server.ts";

/** A preview sent inline with get_job is at most this large on its longest edge. */
const PREVIEW_EDGE = 1024;
const UNEXPECTED = "Something went wrong on our side. It has been logged; please try again.";

const tier = z.enum(ENHANCEMENT_TIERS).default("TIER_1K").describe("Output tier: FREE (1024 px preview, 0 tokens), TIER_1K (1024 px, 2 tokens), TIER_2K (2048 px, 5 tokens) or TIER_4K (4096 px, 10 tokens).");
const page = z.number().int().min(1).default(1).describe("Page number, starting at 1.");
const imageId = z.string().trim().min(1).max(100).describe("The id of one of your images (from list_images or upload_image).");
const imageUrl = z.string().trim().min(1).max(2048).describe("A public http or https URL of a JPEG, PNG, WebP, AVIF or HEIC picture (25 MB at most).");
const imageBase64 = z.string().min(1).describe("The picture's bytes in base64, optionally as a data: URL (25 MB at most once decoded).");
const prompt = z.string().trim().min(1, "Write a prompt.").max(2000, "Keep the prompt to 2000 characters.");

function reply(summary: string, data: unknown, extra: CallToolResult["content"] = []): CallToolResult {
  return { content: [{ type: "text", text: summary }, { type: "text", text: JSON.stringify(data, null, 2) }, ...extra] };
}

function refusal(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

/** Runs a tool for the caller, turning refusals into tool errors and logging anything else. */
async function answer(name: string, requester: Requester, work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) return refusal(error.message);
    await recordServerError(error, { route: `mcp:${name}`, userId: requester.userId });
    return refusal(UNEXPECTED);
  }
}

/** Counts one call against a named limit; over it, a refusal that names the limit. */
async function limited(name: "enhancement" | "mcpJobStatus", userId: string, what: string): Promise<void> {
  try {
    await consume(name, userId);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw new DomainError(429, `Too many ${what}: the limit is ${describeLimit(LIMITS[name])}. ${tryAgain(error)}`, "rate_limited", { retryAfterSeconds: error.retryAfterSeconds });
  }
}

/** Exactly one of the named inputs, or a 400 refusal saying so. */
function exactlyOne<T extends Record<string, unknown>>(input: T, names: Array<keyof T & string>, message: string): keyof T & string {
  const given = names.filter((name) => input[name] !== undefined && input[name] !== "");
  if (given.length !== 1) throw new DomainError(400, message);
  return given[0]!;
}

/** A small JPEG of a stored picture, to show inline. */
async function preview(key: string): Promise<CallToolResult["content"]> {
  const stored = await objectStorage().get(key);
  if (!stored) return [];
  const bytes = await sharp(stored.body).resize(PREVIEW_EDGE, PREVIEW_EDGE, { fit: "inside", withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
  return [{ type: "image", data: bytes.toString("base64"), mimeType: "image/jpeg" }];
}

export function registerTools(server: McpServer, requester: Requester): void {
  const { userId } = requester;

  server.registerTool(
    "list_images",
    {
      title: "List images",
      description: "Lists the photos in your Spike Land library, newest first, with their ids, sizes and links valid for 15 minutes.",
      inputSchema: { page, pageSize: z.number().int().min(1).max(50).default(20).describe("Images per page, 1 to 50.") },
      annotations: { readOnlyHint: true },
    },
    ({ page, pageSize }) =>
      answer("list_images", requester, async () => {
        const library = await listImages(userId, page, pageSize);
        const images = await Promise.all(library.images.map(publicImage));
        return reply(`Page ${library.page} of ${library.pages}: ${images.length} of ${library.total} images.`, { images, page: library.page, pages: library.pages, total: library.total });
      }),
  );

  server.registerTool(
    "list_albums",
    {
      title: "List albums",
      description: "Lists your albums with their privacy, number of images and share links.",
      annotations: { readOnlyHint: true },
    },
    () =>
      answer("list_albums", requester, async () => {
        await ensureDefaultAlbums(userId);
        const albums = await albumSummaries(userId);
        return reply(`${albums.length} album${albums.length === 1 ? "" : "s"}.`, { albums });
      }),
  );

  server.registerTool(
    "upload_image",
    {
      title: "Upload an image",
      description:
        "Adds a picture to your library, from a public URL or as base64 (give exactly one). It is checked by its content: JPEG, PNG, WebP, AVIF or HEIC, 25 MB and 50 megapixels at most. Counts against the upload limit.",
      inputSchema: {
        url: imageUrl.optional(),
        imageBase64: imageBase64.optional(),
        name: z.string().trim().min(1).max(200).optional().describe("A name for the image; by default the file name in the URL."),
      },
    },
    (input) =>
      answer("upload_image", requester, async () => {
        const source = exactlyOne(input, ["url", "imageBase64"], "Give exactly one of url or imageBase64.");
        await allowUpload(userId);
        const received = source === "url" ? await fetchImageUrl(input.url!) : { bytes: decodeBase64Image(input.imageBase64!), name: "Upload" };
        const stored = await storeUpload(userId, received.bytes, input.name ?? received.name);
        const image = await publicImage(stored);
        return reply(`Uploaded “${image.name}” (${image.width}×${image.height}) as image ${image.id}.`, { image });
      }),
  );

  server.registerTool(
    "enhance_image",
    {
      title: "Enhance an image",
      description:
        "Queues an enhancement of one of your images at a tier, charged in tokens up front (refunded if it fails). Returns the job; call get_job with its id until it is COMPLETED.",
      inputSchema: { imageId, tier },
    },
    ({ imageId, tier }) =>
      answer("enhance_image", requester, async () => {
        if (!(await findImage(userId, imageId))) throw new DomainError(404, "There is no image with that id in your library.");
        await limited("enhancement", userId, "enhancements");
        const job = await requestEnhancement(userId, imageId, tier);
        const view = await jobView(userId, job.id);
        return reply(`Enhancement job ${job.id} is queued (${view?.tierName ?? tier}, ${job.tokensCost} tokens). Call get_job with this id to follow it.`, { job: view && { kind: "enhancement", ...view } });
      }),
  );

  server.registerTool(
    "get_job",
    {
      title: "Get a job",
      description:
        "The status of one of your enhancement or generation jobs: PENDING, PROCESSING, COMPLETED, FAILED, REFUNDED or CANCELLED, with a link to the result (valid for an hour) once COMPLETED.",
      inputSchema: {
        jobId: z.string().trim().min(1).max(100).describe("The job id from enhance_image, generate_image or modify_image."),
        includeImage: z.boolean().default(false).describe("Also return the finished picture inline (at most 1024 px)."),
      },
      annotations: { readOnlyHint: true },
    },
    ({ jobId, includeImage }) =>
      answer("get_job", requester, async () => {
        await limited("mcpJobStatus", userId, "job status requests");
        const generation = await generationJobView(userId, jobId);
        if (generation) {
          const key = includeImage && generation.status === "COMPLETED" ? await generationOutput(userId, jobId) : null;
          return reply(`Generation job ${jobId} is ${generation.status}.`, { job: generation }, key ? await preview(key) : []);
        }
        const enhancement = await jobView(userId, jobId);
        if (!enhancement) throw new DomainError(404, "That job was not found.");
        const row = includeImage && enhancement.status === "COMPLETED" ? await findJob(userId, jobId) : null;
        return reply(`Enhancement job ${jobId} is ${enhancement.status}.`, { job: { kind: "enhancement", ...enhancement } }, row?.enhancedR2Key ? await preview(row.enhancedR2Key) : []);
      }),
  );

  server.registerTool(
    "get_balance",
    {
      title: "Get token balance",
      description: "Your token balance, its regeneration ceiling, when the next free token arrives, and what each tier costs.",
      annotations: { readOnlyHint: true },
    },
    () =>
      answer("get_balance", requester, async () => {
        const balance = await readBalance(userId);
        return reply(`You have ${balance.balance} token${balance.balance === 1 ? "" : "s"}.`, {
          ...balance,
          nextTokenAt: balance.nextTokenAt?.toISOString() ?? null,
          prices: enhancementPriceList(),
        });
      }),
  );

  server.registerTool(
    "get_token_history",
    {
      title: "Get token history",
      description: "Your token transactions, newest first, 20 a page: spending, refunds, purchases and regeneration.",
      inputSchema: { page },
      annotations: { readOnlyHint: true },
    },
    ({ page }) =>
      answer("get_token_history", requester, async () => {
        const { total, entries, pages } = await history(userId, page);
        const rows = entries.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() }));
        return reply(`Page ${Math.min(page, pages)} of ${pages}: ${rows.length} of ${total} transactions.`, { entries: rows, page, pages, total });
      }),
  );

  server.registerTool(
    "generate_image",
    {
      title: "Generate an image",
      description:
        "Queues a new picture made from a prompt, charged in tokens up front by tier (refunded if it fails); the tier sets the longest edge. Returns the job; call get_job with its id until it is COMPLETED. Without a cloud model configured, the local engine draws a deterministic scene: colour words (red, teal, gold...) and moods (sunset, ocean, forest, night, neon, pastel...) pick the palette; scene words (sun, moon, stars, mountains, hills, sea, city, forest) make a landscape, or pattern words (circles, stripes, grid, triangles, waves) a pattern; wide, portrait or square set the frame.",
      inputSchema: { prompt: prompt.describe("What the picture should show."), tier },
    },
    ({ prompt, tier }) =>
      answer("generate_image", requester, async () => {
        const { job, reading } = await requestGeneration(requester, { type: "GENERATE", prompt, tier });
        const view = await generationJobView(userId, job.id);
        return reply(`Generation job ${job.id} is queued (${job.tokensCost} tokens). ${reading} Call get_job with this id to follow it.`, { job: view, reading });
      }),
  );

  server.registerTool(
    "modify_image",
    {
      title: "Modify an image",
      description:
        "Queues a changed copy of a picture as the prompt says, charged in tokens up front by tier (refunded if it fails). Give the picture as exactly one of imageId (your library), jobId (a finished generation job), imageUrl or imageBase64. Without a cloud model configured, the local engine understands: brighter / darker, more / less contrast, warmer / cooler, more / less saturated (vivid, muted), black and white, sepia, sharper, blur, less noise, crop square (or 16:9, 4:3, 3:2, 4:5, 9:16), rotate left / right / 180, mirror, flip vertically, enhance (its automatic corrections), with much or slightly for more or less; a prompt with none of these is refused without charge.",
      inputSchema: {
        prompt: prompt.describe("How to change the picture, e.g. “brighter and warmer, crop square”."),
        tier,
        imageId: imageId.optional(),
        jobId: z.string().trim().min(1).max(100).optional().describe("The id of one of your finished generate_image or modify_image jobs."),
        imageUrl: imageUrl.optional(),
        imageBase64: imageBase64.optional(),
      },
    },
    (input) =>
      answer("modify_image", requester, async () => {
        const name = exactlyOne(input, ["imageId", "jobId", "imageUrl", "imageBase64"], NO_SOURCE_MESSAGE);
        const source = { [name]: input[name] } as ModifySource;
        const { job, reading } = await requestGeneration(requester, { type: "MODIFY", prompt: input.prompt, tier: input.tier, source });
        const view = await generationJobView(userId, job.id);
        return reply(`Modification job ${job.id} is queued (${job.tokensCost} tokens). ${reading} Call get_job with this id to follow it.`, { job: view, reading });
      }),
  );
}
