// Texts of the settings area, in English.
export const settings = {
} as const;
