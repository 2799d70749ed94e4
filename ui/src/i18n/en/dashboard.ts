// Texts of the dashboard area, in English.
export const dashboard = {
} as const;
