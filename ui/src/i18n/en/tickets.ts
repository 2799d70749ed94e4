// Texts of the tickets area, in English.
export const tickets = {
} as const;
