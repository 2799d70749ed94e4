import type { tickets as en } from '../en/tickets';

export const tickets: Record<keyof typeof en, string> = {
};
