import type { changes as en } from '../en/changes';

export const changes: Record<keyof typeof en, string> = {
};
