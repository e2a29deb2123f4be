/** The voucher admin's forms, read by the action through the form pipeline and by the page while typing. Browser-safe. */
import { z } from "zod";
import { voucherFormSchema } from "@spike-land/shared/tokens/vouchers";

/** The create and edit form: which of the two, the voucher being edited, and the voucher's fields. */
export const voucherEdit = z.intersection(z.object({ intent: z.enum(["create", "update"]), id: z.string().trim().max(100).default("") }), voucherFormSchema);

const ROW_ACTION = "Choose a voucher and what to do with it.";

/** A row's buttons: deactivate, activate or delete one voucher. */
export const voucherRowAction = z.object({
  intent: z.enum(["deactivate", "activate", "delete"], { error: ROW_ACTION }),
  id: z.string({ error: ROW_ACTION }).min(1, ROW_ACTION).max(100, ROW_ACTION),
});
