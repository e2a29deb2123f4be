/** The public gallery's categories, in the order its filters show them: one list for the pages, the forms and the server. */
export const GALLERY_CATEGORIES = ["PORTRAIT", "LANDSCAPE", "PRODUCT", "ARCHITECTURE"] as const;
