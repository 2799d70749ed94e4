// Texts of the quote area, in English.
export const quote = {
} as const;
