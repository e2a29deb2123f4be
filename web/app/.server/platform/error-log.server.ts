/** Error logging: server errors (BACKEND) and errors the browser reports (FRONTEND) go to error_logs. */
import { clientErrorReport, type ClientErrorReport } from "@spike-land/shared/api/client-errors";
import { prisma } from "./db.server.ts";
import { pageCount, pageWindow } from "./pagination.server.ts";

const MAX_TEXT = 8_000;

export async function recordServerError(error: unknown, context: { route?: string; userId?: string | null } = {}) {
  const err = error instanceof Error ? error : new Error(String(error));
  const frame = err.stack?.split("\n")[1]?.match(/\(?([^()\s]+):(\d+):(\d+)\)?$/);
  try {
    await prisma.errorLog.create({
      data: {
        message: err.message.slice(0, MAX_TEXT),
        stack: err.stack?.slice(0, MAX_TEXT) ?? null,
        sourceFile: frame?.[1] ?? null,
        sourceLine: frame?.[2] ? Number(frame[2]) : null,
        sourceColumn: frame?.[3] ? Number(frame[3]) : null,
        errorType: err.name,
        route: context.route ?? null,
        userId: context.userId ?? null,
        environment: "BACKEND",
      },
    });
  } catch (logError) {
    // Logging must never take the request down with it.
    console.error("Could not record error", logError, err);
  }
}

// The report's shape is part of the API contract (shared), so the API document shows it too.
export { clientErrorReport, type ClientErrorReport };

export function recordClientError(report: ClientErrorReport, userId: string | null) {
  return prisma.errorLog.create({
    data: {
      message: report.message,
      stack: report.stack ?? null,
      sourceFile: report.sourceFile ?? null,
      sourceLine: report.sourceLine ?? null,
      sourceColumn: report.sourceColumn ?? null,
      route: report.route ?? null,
      errorType: report.errorType ?? null,
      userId,
      environment: "FRONTEND",
    },
    select: { id: true },
  });
}

export const ERRORS_PAGE_SIZE = 25;
export async function listErrors(page: number, environment?: "FRONTEND" | "BACKEND") {
  const where = environment ? { environment } : {};
  const [total, errors] = await prisma.$transaction([
    prisma.errorLog.count({ where }),
    prisma.errorLog.findMany({
      where,
      orderBy: { timestamp: "desc" },
      ...pageWindow(page, ERRORS_PAGE_SIZE),
    }),
  ]);
  return { total, errors, pages: pageCount(total, ERRORS_PAGE_SIZE) };
}
