import type { quote as en } from '../en/quote';

export const quote: Record<keyof typeof en, string> = {
};
