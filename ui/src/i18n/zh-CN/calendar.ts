import type { calendar as en } from '../en/calendar';

export const calendar: Record<keyof typeof en, string> = {
};
