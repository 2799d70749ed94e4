// Texts of the report area, in English.
export const report = {
} as const;
