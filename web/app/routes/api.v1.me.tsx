/** GET /api/v1/me — the signed-in user, role and token balance. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { MeResponse } from "@spike-land/shared/api/sessions";
import { peekBalance } from "../.server/tokens/ledger.server.ts";
import { apiJson, handleApi, methodNotAllowed } from "../.server/http/api.server.ts";
import { requireApiSession } from "../.server/auth/api-session.server.ts";
import { recordServerError } from "../.server/platform/error-log.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const { user } = await requireApiSession(request);
    const balance = await peekBalance(user.id);
    const body: MeResponse = {
      user: { id: user.id, name: user.name, email: user.email, image: user.image, role: user.role, emailVerified: Boolean(user.emailVerified) },
      tokens: { balance: balance?.balance ?? 0, tier: balance?.tier ?? "FREE" },
    };
    return apiJson(body);
  }, (error) => recordServerError(error, { route: "/api/v1/me" }));
}

export function action() {
  return methodNotAllowed(["GET"]);
}
