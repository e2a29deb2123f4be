/** Analytics retention (business rules): visits, page views and events older than 90 days are deleted. */
import { prisma } from "../platform/db.server.ts";

export const ANALYTICS_RETENTION_DAYS = 90;

export async function deleteExpiredAnalytics(now = new Date()) {
  const cutoff = new Date(now.getTime() - ANALYTICS_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const events = await prisma.analyticsEvent.deleteMany({ where: { timestamp: { lt: cutoff } } });
  const pageViews = await prisma.pageView.deleteMany({ where: { timestamp: { lt: cutoff } } });
  // A visit is old when its last activity is; its remaining views and events go with it.
  const sessions = await prisma.visitorSession.deleteMany({
    where: { OR: [{ sessionEnd: { lt: cutoff } }, { sessionEnd: null, sessionStart: { lt: cutoff } }] },
  });
  return { analyticsEventsDeleted: events.count, pageViewsDeleted: pageViews.count, visitorSessionsDeleted: sessions.count };
}
