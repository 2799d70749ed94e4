import type { customers as en } from '../en/customers';

export const customers: Record<keyof typeof en, string> = {
};
