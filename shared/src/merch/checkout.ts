/**
 * The shop checkout's address form: the zod schema the checkout page validates with in the browser
 * and the order service places orders from. Postcodes are normalised (a UK one to "SW1A 1AA").
 */
import { z } from "zod";
import { regionOf } from "./shipping.ts";

const UK_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;
const POSTAL_CODE = /^[A-Z0-9][A-Z0-9 -]{1,9}$/;
const PHONE = /^\+?[\d ()-]{6,20}$/;

const required = (message: string, max: number, tooLong: string) => z.string({ error: message }).trim().min(1, message).max(max, tooLong);

export const checkoutFormSchema = z
  .object({
    name: required("Enter the name of the person receiving the order.", 100, "Keep the name to 100 characters."),
    line1: required("Enter the first line of the address.", 120, "Keep each address line to 120 characters."),
    line2: z.string().trim().max(120, "Keep each address line to 120 characters.").optional(),
    city: required("Enter the town or city.", 80, "Keep the town or city to 80 characters."),
    postalCode: z
      .string({ error: "Enter the postcode." })
      .trim()
      .min(1, "Enter the postcode.")
      .max(12, "That postcode is too long.")
      .transform((value) => value.toUpperCase().replace(/\s+/g, " ")),
    country: z.string({ error: "Choose the country to ship to." }).refine((code) => regionOf(code) !== null, "We ship to the UK and the EU only; choose one of those countries."),
    email: z.email({ error: "Enter an email address like name@example.com, for the order updates." }).max(254, "That email address is too long."),
    phone: z.string().trim().regex(PHONE, "Enter a phone number with digits (and + ( ) -), or leave it empty.").optional(),
  })
  .transform((form, context) => {
    let postalCode = form.postalCode;
    if (form.country === "GB") {
      const match = UK_POSTCODE.exec(postalCode);
      if (!match) {
        context.addIssue({ code: "custom", path: ["postalCode"], message: "Enter a UK postcode like SW1A 1AA." });
        return z.NEVER;
      }
      postalCode = `${match[1]} ${match[2]}`;
    } else if (!POSTAL_CODE.test(postalCode)) {
      context.addIssue({ code: "custom", path: ["postalCode"], message: "Enter the postal code with letters, digits, spaces or hyphens." });
      return z.NEVER;
    }
    return { ...form, postalCode, line2: form.line2 || undefined, phone: form.phone || undefined };
  });
export type CheckoutDetails = z.output<typeof checkoutFormSchema>;
