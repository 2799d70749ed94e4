// Texts of the audit area, in English.
export const audit = {
} as const;
