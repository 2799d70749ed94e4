// Texts of the changes area, in English.
export const changes = {
} as const;
