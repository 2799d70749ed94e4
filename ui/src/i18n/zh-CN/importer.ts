import type { importer as en } from '../en/importer';

export const importer: Record<keyof typeof en, string> = {
};
