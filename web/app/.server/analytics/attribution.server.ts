/**
 * Campaign attribution: when a user converts, one FIRST_TOUCH row (their earliest recorded visit)
 * and one LAST_TOUCH row (their latest visit that came from a campaign or another site, else their
 * latest visit) say which campaign brought them. Campaign links map a UTM campaign to the ad
 * platform's own campaign id, so spend can later be matched to conversions.
 */
import { prisma, type ConversionType, type VisitorSession } from "../platform/db.server.ts";

export type ConversionKind = ConversionType;

type Touch = Pick<VisitorSession, "id" | "utmSource" | "utmMedium" | "utmCampaign" | "gclid" | "fbclid" | "referrer">;

const FACEBOOK_SOURCES = /^(facebook|fb|instagram|ig|meta)$/i;
const GOOGLE_SOURCES = /^(google|adwords|google_ads)$/i;
const PAID_MEDIA = /^(cpc|ppc|paid|paid_social|paidsocial|display)$/i;

/** "FACEBOOK", "GOOGLE_ADS", "ORGANIC" (another site or an unpaid campaign source), or "DIRECT". */
export function platformOf(touch: Touch): string {
  if (touch.fbclid || (touch.utmSource && FACEBOOK_SOURCES.test(touch.utmSource))) return "FACEBOOK";
  if (touch.gclid || (touch.utmSource && GOOGLE_SOURCES.test(touch.utmSource) && touch.utmMedium && PAID_MEDIA.test(touch.utmMedium))) return "GOOGLE_ADS";
  if (touch.utmSource || touch.utmCampaign || touch.referrer) return "ORGANIC";
  return "DIRECT";
}

function fromCampaign(touch: Touch): boolean {
  return Boolean(touch.utmSource || touch.utmCampaign || touch.gclid || touch.fbclid || touch.referrer);
}

async function externalCampaignId(platform: string, utmCampaign: string | null): Promise<string | null> {
  if (!utmCampaign) return null;
  const link = await prisma.campaignLink.findUnique({ where: { utmCampaign_platform: { utmCampaign, platform } }, select: { externalCampaignId: true } });
  return link?.externalCampaignId ?? null;
}

/** Writes the first- and last-touch rows for one conversion; does nothing for a user with no recorded visit. */
export async function attributeConversion(userId: string, conversionType: ConversionKind, value: number | null, now = new Date()) {
  const sessions = await prisma.visitorSession.findMany({
    where: { userId, sessionStart: { lte: now } },
    orderBy: { sessionStart: "asc" },
    select: { id: true, utmSource: true, utmMedium: true, utmCampaign: true, gclid: true, fbclid: true, referrer: true },
  });
  const first = sessions[0];
  if (!first) return [];
  const last = [...sessions].reverse().find(fromCampaign) ?? sessions[sessions.length - 1]!;
  const rows = [];
  for (const [attributionType, touch] of [["FIRST_TOUCH", first], ["LAST_TOUCH", last]] as const) {
    const platform = platformOf(touch);
    rows.push(
      await prisma.campaignAttribution.create({
        data: {
          userId,
          sessionId: touch.id,
          attributionType,
          platform,
          externalCampaignId: await externalCampaignId(platform, touch.utmCampaign),
          utmCampaign: touch.utmCampaign,
          utmSource: touch.utmSource,
          utmMedium: touch.utmMedium,
          conversionType,
          conversionValue: value,
          convertedAt: now,
        },
      }),
    );
  }
  return rows;
}
