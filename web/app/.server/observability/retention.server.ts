/**
 * The retention rules: expired sessions and verification tokens go once expired; error logs after
 * 30 days; visitor sessions, page views and analytics events after 90 days.
 */
import { prisma } from "../platform/db.server.ts";
import { DAY_MS } from "@spike-land/shared/time";

export const ERROR_LOG_RETENTION_MS = 30 * DAY_MS;
export const ANALYTICS_RETENTION_MS = 90 * DAY_MS;

export async function applyRetention(now = new Date()) {
  const errorCutoff = new Date(now.getTime() - ERROR_LOG_RETENTION_MS);
  const analyticsCutoff = new Date(now.getTime() - ANALYTICS_RETENTION_MS);
  const [sessions, tokens, errors, pageViews, events, visitors] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { expires: { lte: now } } }),
    prisma.verificationToken.deleteMany({ where: { expires: { lte: now } } }),
    prisma.errorLog.deleteMany({ where: { timestamp: { lt: errorCutoff } } }),
    prisma.pageView.deleteMany({ where: { timestamp: { lt: analyticsCutoff } } }),
    prisma.analyticsEvent.deleteMany({ where: { timestamp: { lt: analyticsCutoff } } }),
    prisma.visitorSession.deleteMany({ where: { sessionStart: { lt: analyticsCutoff } } }),
  ]);
  return { sessions: sessions.count, tokens: tokens.count, errors: errors.count, pageViews: pageViews.count, events: events.count, visitors: visitors.count };
}
