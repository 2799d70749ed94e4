// Texts of the import area, in English.
export const importer = {
} as const;
