import type { triage as en } from '../en/triage';

export const triage: Record<keyof typeof en, string> = {
};
