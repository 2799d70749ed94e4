import type { report as en } from '../en/report';

export const report: Record<keyof typeof en, string> = {
};
