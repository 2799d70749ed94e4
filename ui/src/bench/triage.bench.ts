// Triage at the scale (30,000 items across 3,000 customers): filtering by customer and
// action, sorting by unused money, and listing the customers for the filter. `npx vitest bench
// --run` prints the numbers; nothing here asserts a time.
import { bench, describe } from 'vitest';
import type { TriageItemView } from '../api/desk';
import { NO_FILTER, shownItems, triageCustomers } from '../views/triage/filter';
import { reviewItemFixture } from '../views/dashboard/fixtures';

const KINDS = ['idle', 'under_used', 'expiring_without_renewal', 'renews_not_exchangeable'] as const;
const ACTIONS = ['refund', 'exchange_down', 'renew', 'right_size_scope'] as const;

const items: TriageItemView[] = Array.from({ length: 30_000 }, (_, i) => ({
  key: `${KINDS[i % 4]}:r${i}`,
  kind: KINDS[i % 4]!,
  action: ACTIONS[(i * 7) % 4]!,
  reservation: reviewItemFixture({
    id: `r${i}`,
    name: `VM_RI_${i}`,
    customer_id: `t${i % 3000}`,
    customer_name: `Customer ${i % 3000}`,
    unused_usd: i % 17 === 0 ? null : `${(i * 7919) % 100000}.${String(i % 100).padStart(2, '0')}`,
  }),
  remaining_usd: null,
  headroom_usd: '50000.00',
  hidden: null,
}));

describe('triage, 30,000 items', () => {
  bench('filter by one customer', () => {
    shownItems(items, { ...NO_FILTER, customer: 't1234' }, 'urgency');
  });
  bench('filter by action', () => {
    shownItems(items, { ...NO_FILTER, action: 'refund' }, 'urgency');
  });
  bench('sort by unused money (unknown last)', () => {
    shownItems(items, NO_FILTER, 'money');
  });
  bench('customers for the filter', () => {
    triageCustomers(items);
  });
});
