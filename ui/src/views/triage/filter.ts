// Which triage items are shown, and in what order: the kind, customer and action filters, and
// the two sort orders (the core's urgency order, or unused money first).
import type { TriageAction, TriageItemView, TriageKind } from '../../api/desk';
import { compareDecimal, parseDecimal } from '../../lib/decimal';

export type TriageSort = 'urgency' | 'money';

export interface TriageFilter {
  readonly kind: TriageKind | null;
  readonly customer: string | null;
  readonly action: TriageAction | null;
}

export const NO_FILTER: TriageFilter = { kind: null, customer: null, action: null };

export function isFiltered(f: TriageFilter): boolean {
  return f.kind !== null || f.customer !== null || f.action !== null;
}

/** The items passing every filter, in the chosen order. Urgency is the core's order, kept as is. */
export function shownItems(items: readonly TriageItemView[], f: TriageFilter, sort: TriageSort): TriageItemView[] {
  const kept = items.filter(
    (i) =>
      (f.kind === null || i.kind === f.kind) &&
      (f.customer === null || i.reservation.customer_id === f.customer) &&
      (f.action === null || i.action === f.action),
  );
  if (sort === 'urgency') return kept;
  // Unused money over 30 days, largest first; an unknown price is never ranked as 0: it goes
  // last. Ties keep the core's (urgency) order, as Array.prototype.sort is stable.
  const money = new Map(kept.map((i) => [i.key, i.reservation.unused_usd === null ? null : parseDecimal(i.reservation.unused_usd)]));
  return kept.sort((a, b) => {
    const x = money.get(a.key) ?? null;
    const y = money.get(b.key) ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return compareDecimal(y, x);
  });
}

/** The customers that have items, by name, for the customer filter. */
export function triageCustomers(items: readonly TriageItemView[]): Array<{ id: string; name: string; count: number }> {
  const byId = new Map<string, { id: string; name: string; count: number }>();
  for (const i of items) {
    const c = byId.get(i.reservation.customer_id);
    if (c) c.count += 1;
    else byId.set(i.reservation.customer_id, { id: i.reservation.customer_id, name: i.reservation.customer_name, count: 1 });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
