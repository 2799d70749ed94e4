// Texts of the customers area, in English.
export const customers = {
} as const;
