// Facts about the open store every view may need: chiefly the day the core treats as today.
import type { StoreInfo } from '../api/desk';

export const session = $state<{ store: StoreInfo | null }>({ store: null });

/** The core's today (UTC, or RDESK_TODAY); the UTC calendar day until the store info arrives. */
export function today(): string {
  return session.store?.today ?? new Date().toISOString().slice(0, 10);
}
