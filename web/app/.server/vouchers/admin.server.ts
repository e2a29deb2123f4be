/**
 * Voucher administration: list, create, edit, deactivate and delete, each change written to the
 * audit log in the same transaction as the change. Refusals are `VoucherAdminError`s: a status, the
 * message, and the form field it belongs to when there is one.
 */
import { DomainError } from "@spike-land/shared/errors";
import { activeVoucherProblem, describeVoucher, trialPlanId, type VoucherForm } from "@spike-land/shared/tokens/vouchers";
import { Prisma, prisma, type VoucherStatus } from "../platform/db.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import type { Tx } from "../tokens/ledger.server.ts";

export const VOUCHERS_PAGE_SIZE = 25;

type Actor = { id: string };

export class VoucherAdminError extends DomainError {
  constructor(status: number, message: string, field?: keyof VoucherForm) {
    super(status, message, undefined, { field });
  }
}

/** What a change did, in the words the page shows. */
export type VoucherChange = { id: string; message: string };

const listSelect = {
  id: true,
  code: true,
  type: true,
  value: true,
  maxUses: true,
  currentUses: true,
  expiresAt: true,
  status: true,
  metadata: true,
  createdAt: true,
} as const;

export async function listVouchers(page: number) {
  const [total, rows] = await prisma.$transaction([
    prisma.voucher.count(),
    prisma.voucher.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...pageWindow(page, VOUCHERS_PAGE_SIZE), select: listSelect }),
  ]);
  const vouchers = rows.map(({ metadata, ...voucher }) => ({ ...voucher, planId: trialPlanId(metadata), description: describeVoucher({ ...voucher, metadata }) }));
  return { total, vouchers, pages: pageCount(total, VOUCHERS_PAGE_SIZE) };
}
export type AdminVoucher = Awaited<ReturnType<typeof listVouchers>>["vouchers"][number];

export async function getVoucher(id: string) {
  const voucher = await prisma.voucher.findUnique({
    where: { id },
    select: {
      ...listSelect,
      redemptions: {
        orderBy: { redeemedAt: "desc" },
        take: 20,
        select: { id: true, tokensGranted: true, redeemedAt: true, user: { select: { id: true, email: true } } },
      },
    },
  });
  if (!voucher) throw gone();
  const { metadata, ...rest } = voucher;
  return { ...rest, planId: trialPlanId(metadata), description: describeVoucher({ ...rest, metadata }) };
}
export type AdminVoucherDetail = Awaited<ReturnType<typeof getVoucher>>;

function columns(form: VoucherForm) {
  return {
    code: form.code,
    type: form.type,
    value: form.value,
    maxUses: form.maxUses,
    expiresAt: form.expiresAt,
    status: form.status,
    metadata: form.planId ? { planId: form.planId } : Prisma.DbNull,
  };
}

function auditView(voucher: { code: string; type: string; value: number; maxUses: number | null; expiresAt: Date | null; status: string; planId: string | null }) {
  return {
    code: voucher.code,
    type: voucher.type,
    value: voucher.value,
    maxUses: voucher.maxUses,
    expiresAt: voucher.expiresAt?.toISOString() ?? null,
    status: voucher.status,
    planId: voucher.planId,
  };
}

function codeTaken(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The database's unique code, said next to the code field. */
async function uniqueCode<T>(code: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (codeTaken(error)) throw new VoucherAdminError(409, `A voucher with the code ${code} already exists. Choose another code.`, "code");
    throw error;
  }
}

function refuseProblem(problem: ReturnType<typeof activeVoucherProblem>): void {
  if (problem) throw new VoucherAdminError(400, problem.message, problem.field);
}

export async function createVoucher(actor: Actor, form: VoucherForm, ip: string | null): Promise<VoucherChange> {
  refuseProblem(activeVoucherProblem({ ...form, currentUses: 0 }, new Date()));
  return uniqueCode(form.code, () =>
    prisma.$transaction(async (tx) => {
      const voucher = await tx.voucher.create({ data: columns(form), select: { id: true } });
      await recordAudit(tx, { actorId: actor.id, action: "VOUCHER_CREATE", event: "voucher.create", targetId: voucher.id, metadata: auditView(form), ipAddress: ip });
      return { id: voucher.id, message: `Voucher ${form.code} created.` };
    }),
  );
}

/** Locks the voucher row, so an edit and a redemption never interleave. */
async function lockVoucher(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM vouchers WHERE id = ${id} FOR UPDATE`;
  const voucher = await tx.voucher.findUnique({ where: { id }, select: listSelect });
  return voucher ? { ...voucher, planId: trialPlanId(voucher.metadata) } : null;
}

function gone() {
  return new VoucherAdminError(404, "That voucher no longer exists.");
}

export function updateVoucher(actor: Actor, id: string, form: VoucherForm, ip: string | null): Promise<VoucherChange> {
  return uniqueCode(form.code, () =>
    prisma.$transaction(async (tx) => {
      const before = await lockVoucher(tx, id);
      if (!before) throw gone();
      refuseProblem(activeVoucherProblem({ ...form, currentUses: before.currentUses }, new Date()));
      await tx.voucher.update({ where: { id }, data: columns(form) });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "VOUCHER_UPDATE",
        event: "voucher.update",
        targetId: id,
        metadata: { before: auditView(before), after: auditView(form) },
        ipAddress: ip,
      });
      return { id, message: `Voucher ${form.code} saved.` };
    }),
  );
}

/** Deactivates (or reactivates) a voucher without touching anything else. */
export function setVoucherStatus(actor: Actor, id: string, status: Extract<VoucherStatus, "ACTIVE" | "INACTIVE">, ip: string | null): Promise<VoucherChange> {
  return prisma.$transaction(async (tx) => {
    const before = await lockVoucher(tx, id);
    if (!before) throw gone();
    const problem = activeVoucherProblem({ ...before, status }, new Date());
    if (problem) throw new VoucherAdminError(400, `${before.code} can't be reactivated as it is. ${problem.message}. Edit the voucher first.`);
    if (before.status !== status) {
      await tx.voucher.update({ where: { id }, data: { status } });
      await recordAudit(tx, { actorId: actor.id, action: "VOUCHER_UPDATE", event: status === "INACTIVE" ? "voucher.deactivate" : "voucher.activate", targetId: id, metadata: { code: before.code, from: before.status, to: status }, ipAddress: ip });
    }
    return { id, message: status === "INACTIVE" ? `Voucher ${before.code} deactivated: it can no longer be redeemed.` : `Voucher ${before.code} is active again.` };
  });
}

/** Deletes a voucher nobody has redeemed; a redeemed one is deactivated instead, keeping its history. */
export function deleteVoucher(actor: Actor, id: string, ip: string | null): Promise<VoucherChange> {
  return prisma.$transaction(async (tx) => {
    const before = await lockVoucher(tx, id);
    if (!before) throw gone();
    const redemptions = await tx.voucherRedemption.count({ where: { voucherId: id } });
    const uses = Math.max(redemptions, before.currentUses);
    if (uses > 0) {
      throw new VoucherAdminError(409, `${before.code} has been redeemed ${uses} time${uses === 1 ? "" : "s"}, so it is kept for the record. Deactivate it instead.`);
    }
    await tx.voucher.delete({ where: { id } });
    await recordAudit(tx, { actorId: actor.id, action: "VOUCHER_DELETE", event: "voucher.delete", targetId: id, metadata: auditView(before), ipAddress: ip });
    return { id, message: `Voucher ${before.code} deleted.` };
  });
}
