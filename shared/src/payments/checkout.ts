/** What a checkout or a plan change asks for: the zod schemas the pages and the server share. */
import { z } from "zod";

export const checkoutItemSchema = z.object({
  kind: z.enum(["pack", "plan"], { error: "Choose a token pack or a subscription plan." }),
  id: z
    .string({ error: "Choose what you want to buy." })
    .trim()
    .regex(/^(pack|plan)_[a-z0-9_]{1,40}$/, "That is not a token pack or plan we sell. Choose one on the pricing page."),
});
export type CheckoutItem = z.infer<typeof checkoutItemSchema>;

export const planIdField = z
  .string({ error: "Choose a plan." })
  .trim()
  .regex(/^plan_[a-z0-9_]{1,40}$/, "That is not a plan we offer. Choose one of the plans listed.");
