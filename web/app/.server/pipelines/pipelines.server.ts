/**
 * Saved enhancement pipelines: a user's own, the public ones anyone can use, and those shared by link.
 *
 * Who sees what: the owner sees their pipeline; everyone signed in sees PUBLIC and system (no owner)
 * pipelines; a LINK pipeline is seen only with its share token. Anything else answers 404, so the
 * existence of someone's private pipeline never leaks. Anyone who can see a pipeline can fork it.
 */
import type { EnhancementTier } from "@spike-land/shared/tokens/tiers";
import {
  forkName,
  isShareToken,
  pipelineColumns,
  pipelineSettings,
  type PipelineForm,
  type PipelineVisibility,
} from "@spike-land/shared/images/pipelines";
import type { EnhancementSettings } from "@spike-land/shared/images/enhancement";
import { prisma, type EnhancementPipeline, type Prisma } from "../platform/db.server.ts";
import { shareToken } from "../platform/crypto.server.ts";
import { pageCount } from "../platform/pagination.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export type UsablePipeline = { id: string; name: string; tier: EnhancementTier; mine: boolean };

/** Pipelines a user may run a job with: their own first, then public ones by popularity. */
export async function listUsablePipelines(userId: string): Promise<UsablePipeline[]> {
  const rows = await prisma.enhancementPipeline.findMany({
    where: { OR: [{ userId }, { visibility: "PUBLIC" }, { userId: null }] },
    orderBy: [{ usageCount: "desc" }, { name: "asc" }],
    select: { id: true, name: true, tier: true, userId: true },
    take: 200,
  });
  const list = rows.map((row) => ({ id: row.id, name: row.name, tier: row.tier, mine: row.userId === userId }));
  return [...list.filter((row) => row.mine), ...list.filter((row) => !row.mine)];
}

export class PipelineError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

const NOT_FOUND = "That pipeline was not found.";
const notFound = () => new PipelineError(NOT_FOUND, 404);

export const PIPELINE_PAGE_SIZE = 12;

export type PipelineRow = EnhancementPipeline;

/** The token a pipeline keeps after a visibility change: kept while it stays LINK, new when it becomes LINK, none otherwise. */
function tokenFor(visibility: PipelineVisibility, current: string | null): string | null {
  if (visibility !== "LINK") return null;
  return current ?? shareToken();
}

/** Who can see a pipeline by id (the owner, or anyone for PUBLIC / system ones, or anyone holding a LINK token). */
function visibleWhere(viewerId: string | null, id: string, token?: string | null): Prisma.EnhancementPipelineWhereInput {
  const who: Prisma.EnhancementPipelineWhereInput[] = [{ visibility: "PUBLIC" }, { userId: null }];
  if (viewerId) who.push({ userId: viewerId });
  if (isShareToken(token)) who.push({ visibility: "LINK", shareToken: token });
  return { id, OR: who };
}

/** A pipeline the viewer may see, or null. */
export async function findVisiblePipeline(viewerId: string | null, id: string, token?: string | null): Promise<PipelineRow | null> {
  if (!id) return null;
  return prisma.enhancementPipeline.findFirst({ where: visibleWhere(viewerId, id, token) });
}

export async function requireVisiblePipeline(viewerId: string | null, id: string, token?: string | null): Promise<PipelineRow> {
  const pipeline = await findVisiblePipeline(viewerId, id, token);
  if (!pipeline) throw notFound();
  return pipeline;
}

/** The LINK pipeline a share token opens, or null (a malformed token, or one no longer shared). */
export async function findSharedPipeline(token: string): Promise<PipelineRow | null> {
  if (!isShareToken(token)) return null;
  return prisma.enhancementPipeline.findFirst({ where: { shareToken: token, visibility: "LINK" } });
}

/** One of the user's own pipelines, or null. */
export async function findOwnPipeline(userId: string, id: string): Promise<PipelineRow | null> {
  if (!id) return null;
  return prisma.enhancementPipeline.findFirst({ where: { id, userId } });
}

export async function createPipeline(userId: string, form: PipelineForm): Promise<PipelineRow> {
  return prisma.enhancementPipeline.create({
    data: { ...pipelineColumns(form), userId, shareToken: tokenFor(form.visibility, null) },
  });
}

/** Saves the whole form over one of the user's pipelines; 404 when it is not theirs. */
export async function updatePipeline(userId: string, id: string, form: PipelineForm): Promise<PipelineRow> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.enhancementPipeline.findFirst({ where: { id, userId }, select: { shareToken: true } });
    if (!current) throw notFound();
    return tx.enhancementPipeline.update({
      where: { id },
      data: { ...pipelineColumns(form), shareToken: tokenFor(form.visibility, current.shareToken) },
    });
  });
}

/** Changes only who can see the pipeline, creating or removing its share token. */
export async function setPipelineVisibility(userId: string, id: string, visibility: PipelineVisibility): Promise<PipelineRow> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.enhancementPipeline.findFirst({ where: { id, userId }, select: { shareToken: true } });
    if (!current) throw notFound();
    return tx.enhancementPipeline.update({ where: { id }, data: { visibility, shareToken: tokenFor(visibility, current.shareToken) } });
  });
}

/** Deletes one of the user's pipelines. Jobs and albums that used it keep running on the defaults. */
export async function deletePipeline(userId: string, id: string): Promise<void> {
  const deleted = await prisma.enhancementPipeline.deleteMany({ where: { id, userId } });
  if (deleted.count === 0) throw notFound();
}

const json = (value: Prisma.JsonValue | null): Prisma.InputJsonValue | undefined => (value === null ? undefined : (value as Prisma.InputJsonValue));

/** Copies a pipeline the user can see into a new private one of theirs, named "<name> (copy)". */
export async function forkPipeline(userId: string, id: string, token?: string | null): Promise<PipelineRow> {
  const source = await requireVisiblePipeline(userId, id, token);
  return prisma.enhancementPipeline.create({
    data: {
      userId,
      name: forkName(source.name),
      description: source.description,
      visibility: "PRIVATE",
      shareToken: null,
      tier: source.tier,
      analysisConfig: json(source.analysisConfig),
      autoCropConfig: json(source.autoCropConfig),
      promptConfig: json(source.promptConfig),
      generationConfig: json(source.generationConfig),
      usageCount: 0,
    },
  });
}

/** What the pages show of a pipeline. The share token only goes to the owner. */
export type PipelineSummary = {
  id: string;
  name: string;
  description: string | null;
  visibility: PipelineVisibility;
  tier: EnhancementTier;
  usageCount: number;
  mine: boolean;
  system: boolean;
  settings: EnhancementSettings;
  shareToken: string | null;
  updatedAt: string;
};

export function summarize(pipeline: PipelineRow, viewerId: string | null): PipelineSummary {
  const mine = viewerId !== null && pipeline.userId === viewerId;
  return {
    id: pipeline.id,
    name: pipeline.name,
    description: pipeline.description,
    visibility: pipeline.visibility,
    tier: pipeline.tier,
    usageCount: pipeline.usageCount,
    mine,
    system: pipeline.userId === null,
    settings: pipelineSettings(pipeline),
    shareToken: mine ? pipeline.shareToken : null,
    updatedAt: pipeline.updatedAt.toISOString(),
  };
}

export type PipelinePage = { pipelines: PipelineSummary[]; page: number; pages: number; total: number };

function pageNumber(page: number): number {
  return Math.max(1, Math.floor(page) || 1);
}

async function listPage(where: Prisma.EnhancementPipelineWhereInput, orderBy: Prisma.EnhancementPipelineOrderByWithRelationInput[], page: number, viewerId: string) {
  const current = pageNumber(page);
  const [total, rows] = await Promise.all([
    prisma.enhancementPipeline.count({ where }),
    prisma.enhancementPipeline.findMany({ where, orderBy, skip: (current - 1) * PIPELINE_PAGE_SIZE, take: PIPELINE_PAGE_SIZE }),
  ]);
  return { pipelines: rows.map((row) => summarize(row, viewerId)), page: current, pages: pageCount(total, PIPELINE_PAGE_SIZE), total };
}

/** The user's own pipelines, most recently changed first. */
export function listMyPipelines(userId: string, page = 1): Promise<PipelinePage> {
  return listPage({ userId }, [{ updatedAt: "desc" }, { id: "asc" }], page, userId);
}

/** The public catalogue (public and system pipelines of others), most used first. */
export function listPublicPipelines(viewerId: string, page = 1): Promise<PipelinePage> {
  return listPage(
    { OR: [{ userId: null }, { visibility: "PUBLIC", NOT: { userId: viewerId } }] },
    [{ usageCount: "desc" }, { name: "asc" }, { id: "asc" }],
    page,
    viewerId,
  );
}
