// Facts about the open store every view may need: chiefly the day the core treats as today.
import { desk, type StoreInfo } from '../api/desk';

export const session = $state<{ store: StoreInfo | null; dataVersion: number }>({ store: null, dataVersion: 0 });

/** The core's today (UTC, or RDESK_TODAY); the UTC calendar day until the store info arrives. */
export function today(): string {
  return session.store?.today ?? new Date().toISOString().slice(0, 10);
}

/**
 * Says that the store's contents changed under the views (an import): lists kept between visits
 * are dropped (they compare `dataVersion`), and the status bar's counts are read again.
 */
export function dataChanged(): void {
  session.dataVersion += 1;
  desk
    .storeInfo()
    .then((info) => {
      session.store = info;
    })
    .catch(() => {
      // The counts stay as they were; the views read the store themselves.
    });
}
