/** Field schemas that forms on both sides share. */
import { z } from "zod";

/** Optional free text: trimmed, at most `max` characters, and null when left empty. */
export const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => (value ? value : null));
