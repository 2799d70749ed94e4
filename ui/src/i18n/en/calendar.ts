// Texts of the calendar area, in English.
export const calendar = {
} as const;
