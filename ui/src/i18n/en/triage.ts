// Texts of the triage area, in English.
export const triage = {
} as const;
