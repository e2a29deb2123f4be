/** API contract for sessions and the signed-in user (used by the desktop app and API clients). */
import { z } from "zod";
import { ROLES, signInSchema } from "../accounts/schemas.ts";

export const createSessionRequest = signInSchema;
export type CreateSessionRequest = z.infer<typeof createSessionRequest>;

export const createSessionResponse = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
});
export type CreateSessionResponse = z.infer<typeof createSessionResponse>;

export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    image: z.string().nullable(),
    role: z.enum(ROLES),
    emailVerified: z.boolean(),
  }),
  tokens: z.object({
    balance: z.number().int(),
    tier: z.enum(["FREE", "BASIC", "STANDARD", "PREMIUM"]),
  }),
});
export type MeResponse = z.infer<typeof meResponse>;
