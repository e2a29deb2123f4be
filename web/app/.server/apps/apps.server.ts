/**
 * The app builder: a user's apps (name, description, unique domain, status), forks of published apps,
 * each app's requirements board and its monetization tiers, and the public page of a published app.
 * Owner queries filter by the owner, so someone else's app reads as "not found" (404). Deleting an
 * app marks it DELETED and frees its domain; the row stays so that forks keep naming their source.
 */
import { DomainError } from "@spike-land/shared/errors";
import { appForkName, requirementText, splitRequirement, type AppFields, type RequirementPriorityName, type RequirementStatusName, type TierFields } from "@spike-land/shared/apps/forms";
import { normaliseAmount } from "@spike-land/shared/payments/money";
import { prisma, type AppStatus, type Prisma } from "../platform/db.server.ts";

export class AppError extends DomainError {}

const notFound = () => new AppError(404, "That app does not exist.");
const domainTaken = () => new AppError(409, "That domain is taken.", "conflict", { field: "domain" });

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Runs a write that sets a domain, turning the unique key's refusal into the form's field error. */
async function claimingDomain<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw domainTaken();
    throw error;
  }
}

const LIVE = { not: "DELETED" } as const satisfies Prisma.EnumAppStatusFilter;
const liveForks = { select: { forks: { where: { status: LIVE } } } } as const;

export type AppSummary = {
  id: string;
  name: string;
  description: string | null;
  status: AppStatus;
  domain: string | null;
  forkCount: number;
  updatedAt: string;
};

/** The user's apps, most recently changed first. */
export async function listApps(userId: string): Promise<AppSummary[]> {
  const apps = await prisma.app.findMany({
    where: { userId, status: LIVE },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    include: { _count: liveForks },
  });
  return apps.map((app) => ({
    id: app.id,
    name: app.name,
    description: app.description,
    status: app.status,
    domain: app.domain,
    forkCount: app._count.forks,
    updatedAt: app.updatedAt.toISOString(),
  }));
}

export async function requireOwnedApp(userId: string, appId: string) {
  const app = await prisma.app.findFirst({ where: { id: appId, userId, status: LIVE } });
  if (!app) throw notFound();
  return app;
}

export async function createApp(userId: string, input: AppFields) {
  return claimingDomain(() =>
    prisma.app.create({ data: { userId, name: input.name, description: input.description || null, domain: input.domain, status: input.status } }),
  );
}

export async function updateApp(userId: string, appId: string, input: AppFields) {
  await requireOwnedApp(userId, appId);
  return claimingDomain(() =>
    prisma.app.update({ where: { id: appId }, data: { name: input.name, description: input.description || null, domain: input.domain, status: input.status } }),
  );
}

/** Deletes an app for its owner: it disappears everywhere and its domain is free again; forks still name it. */
export async function deleteApp(userId: string, appId: string): Promise<void> {
  const deleted = await prisma.app.updateMany({ where: { id: appId, userId, status: LIVE }, data: { status: "DELETED", domain: null } });
  if (deleted.count === 0) throw notFound();
}

/** An app the viewer may see: a published one, or any of their own. */
async function requireVisibleApp(viewerId: string | null, appId: string) {
  const app = await prisma.app.findFirst({ where: { id: appId, status: LIVE } });
  if (!app || (app.status !== "ACTIVE" && app.userId !== viewerId)) throw notFound();
  return app;
}

/** Copies an app the user can see into a new draft of theirs, with its requirements and tiers; no domain. */
export async function forkApp(userId: string, appId: string) {
  const source = await requireVisibleApp(userId, appId);
  const [requirements, tiers] = await Promise.all([
    prisma.requirement.findMany({ where: { appId: source.id }, orderBy: { createdAt: "asc" } }),
    prisma.monetizationModel.findMany({ where: { appId: source.id }, orderBy: { createdAt: "asc" } }),
  ]);
  return prisma.app.create({
    data: {
      userId,
      name: appForkName(source.name),
      description: source.description,
      status: "DRAFT",
      domain: null,
      forkedFrom: source.id,
      requirements: {
        create: requirements.map((requirement) => ({
          description: requirement.description,
          priority: requirement.priority,
          status: requirement.status,
          version: requirement.version,
        })),
      },
      monetizationModels: {
        create: tiers.map((tier) => ({ type: tier.type, price: tier.price, subscriptionInterval: tier.subscriptionInterval, features: tier.features })),
      },
    },
  });
}

/** Where a fork came from, as far as it can still be told. */
export type ForkSource = { id: string; name: string; state: "published" | "unpublished" | "deleted" } | null;

function forkSource(parent: { id: string; name: string; status: AppStatus } | null): ForkSource {
  if (!parent) return null;
  const state = parent.status === "ACTIVE" ? "published" : parent.status === "DELETED" ? "deleted" : "unpublished";
  return { id: parent.id, name: parent.name, state };
}

export type TierView = { id: string; type: string; price: string | null; subscriptionInterval: string | null; features: string[] };

function tierView(tier: { id: string; type: string; price: Prisma.Decimal | null; subscriptionInterval: string | null; features: string[] }): TierView {
  return { id: tier.id, type: tier.type, price: tier.price === null ? null : normaliseAmount(tier.price.toFixed(2)), subscriptionInterval: tier.subscriptionInterval, features: tier.features };
}

/** Cheapest first, free tiers leading. */
function byPrice(a: TierView, b: TierView): number {
  return Number(a.price ?? 0) - Number(b.price ?? 0);
}

/**
 * The public page of an app, found by id or by its domain. Published apps are visible to everyone;
 * drafts and archived apps only to their owner.
 */
export async function publicApp(idOrDomain: string, viewerId: string | null) {
  const key = idOrDomain.trim().toLowerCase();
  const app = await prisma.app.findFirst({
    where: { status: LIVE, OR: [{ id: idOrDomain }, { domain: key }] },
    include: {
      user: { select: { name: true } },
      parentApp: { select: { id: true, name: true, status: true } },
      monetizationModels: true,
      _count: liveForks,
    },
  });
  if (!app || (app.status !== "ACTIVE" && app.userId !== viewerId)) throw notFound();
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    status: app.status,
    domain: app.domain,
    ownerName: app.user.name?.trim() || "A Spike Land member",
    isOwner: app.userId === viewerId,
    forkCount: app._count.forks,
    forkedFrom: forkSource(app.parentApp),
    tiers: app.monetizationModels.map(tierView).sort(byPrice),
  };
}

/** The owner's page for one app: its details and where it was forked from. */
export async function appDetails(userId: string, appId: string) {
  const app = await prisma.app.findFirst({
    where: { id: appId, userId, status: LIVE },
    include: { parentApp: { select: { id: true, name: true, status: true } }, _count: { select: { forks: { where: { status: LIVE } }, requirements: true, monetizationModels: true } } },
  });
  if (!app) throw notFound();
  return {
    id: app.id,
    name: app.name,
    description: app.description ?? "",
    status: app.status,
    domain: app.domain ?? "",
    forkCount: app._count.forks,
    requirementCount: app._count.requirements,
    tierCount: app._count.monetizationModels,
    forkedFrom: forkSource(app.parentApp),
    updatedAt: app.updatedAt.toISOString(),
  };
}

// ---- Requirements board ----

export type RequirementCard = { id: string; title: string; details: string; priority: RequirementPriorityName; status: RequirementStatusName; version: number; updatedAt: string };

/** The app's requirements, most urgent first, then oldest first. */
export async function listRequirements(userId: string, appId: string): Promise<RequirementCard[]> {
  await requireOwnedApp(userId, appId);
  // The priority enum is declared LOW → CRITICAL, so descending puts the most urgent first.
  const rows = await prisma.requirement.findMany({ where: { appId }, orderBy: [{ priority: "desc" }, { createdAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => ({ id: row.id, ...splitRequirement(row.description), priority: row.priority, status: row.status, version: row.version, updatedAt: row.updatedAt.toISOString() }));
}

export async function createRequirement(userId: string, appId: string, input: { title: string; details: string; priority: RequirementPriorityName; status?: RequirementStatusName }) {
  await requireOwnedApp(userId, appId);
  return prisma.requirement.create({ data: { appId, description: requirementText(input.title, input.details), priority: input.priority, status: input.status ?? "PENDING" } });
}

async function requireRequirement(userId: string, appId: string, requirementId: string) {
  await requireOwnedApp(userId, appId);
  const requirement = await prisma.requirement.findFirst({ where: { id: requirementId, appId } });
  if (!requirement) throw new AppError(404, "That requirement does not exist.");
  return requirement;
}

/** Edits a card; a changed title or text is a new version of the requirement. */
export async function updateRequirement(userId: string, appId: string, requirementId: string, input: { title: string; details: string; priority: RequirementPriorityName }) {
  const current = await requireRequirement(userId, appId, requirementId);
  const description = requirementText(input.title, input.details);
  return prisma.requirement.update({
    where: { id: current.id },
    data: { description, priority: input.priority, version: description === current.description ? current.version : current.version + 1 },
  });
}

export async function moveRequirement(userId: string, appId: string, requirementId: string, status: RequirementStatusName) {
  const current = await requireRequirement(userId, appId, requirementId);
  return prisma.requirement.update({ where: { id: current.id }, data: { status } });
}

export async function deleteRequirement(userId: string, appId: string, requirementId: string): Promise<void> {
  const current = await requireRequirement(userId, appId, requirementId);
  await prisma.requirement.delete({ where: { id: current.id } });
}

// ---- Monetization tiers ----

export const MAX_TIERS = 10;

export async function listTiers(userId: string, appId: string): Promise<TierView[]> {
  await requireOwnedApp(userId, appId);
  const rows = await prisma.monetizationModel.findMany({ where: { appId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(tierView);
}

export async function createTier(userId: string, appId: string, input: TierFields) {
  await requireOwnedApp(userId, appId);
  if ((await prisma.monetizationModel.count({ where: { appId } })) >= MAX_TIERS) {
    throw new AppError(409, `An app can offer at most ${MAX_TIERS} pricing tiers; delete one first.`);
  }
  return prisma.monetizationModel.create({ data: { appId, ...input } });
}

async function requireTier(userId: string, appId: string, tierId: string) {
  await requireOwnedApp(userId, appId);
  const tier = await prisma.monetizationModel.findFirst({ where: { id: tierId, appId } });
  if (!tier) throw new AppError(404, "That pricing tier does not exist.");
  return tier;
}

export async function updateTier(userId: string, appId: string, tierId: string, input: TierFields) {
  const tier = await requireTier(userId, appId, tierId);
  return prisma.monetizationModel.update({ where: { id: tier.id }, data: input });
}

export async function deleteTier(userId: string, appId: string, tierId: string): Promise<void> {
  const tier = await requireTier(userId, appId, tierId);
  await prisma.monetizationModel.delete({ where: { id: tier.id } });
}
