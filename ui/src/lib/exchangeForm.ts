// The exchange planner's rows, checked and turned into the request the core quotes.
import type { CatalogEntryView, ExchangeRequest, PriceSource, ReservationView, Term } from '../api/desk';
import { t } from '../i18n/index.svelte';
import { parseMoneyInput } from './moneyInput';

export interface ReturnLine {
  readonly reservation: ReservationView;
  /** Units to return; null while the box is empty. */
  quantity: number | null;
}

export interface PurchaseLine {
  /** Stable key for the list. */
  readonly key: number;
  sku: string;
  region: string;
  term: Term;
  quantity: number | null;
  /** Price per unit for the whole term, as typed (decimal string). */
  unit_price: string;
  currency: string;
  /** Where the price came from, when it was taken from the catalog. */
  origin?: { source: PriceSource; priced_on: string | null; unit_price: string };
}

export const TERMS: readonly Term[] = ['P1Y', 'P3Y', 'P5Y'];

export type ExchangeCheck =
  | { readonly ok: true; readonly request: ExchangeRequest }
  | { readonly ok: false; readonly problems: string[] };

/** Only Succeeded and Expiring reservations can be refunded or exchanged. */
export function isActive(r: Pick<ReservationView, 'status'>): boolean {
  return r.status === 'Succeeded' || r.status === 'Expiring';
}

function wholeIn(value: number | null, lo: number, hi: number): boolean {
  return value !== null && Number.isInteger(value) && value >= lo && value <= hi;
}

/** Checks every row; a request is built only when all rows are complete. The problems are in the current language. */
export function buildExchangeRequest(
  returns: readonly ReturnLine[],
  purchases: readonly PurchaseLine[],
  on: string | null,
): ExchangeCheck {
  const problems: string[] = [];
  returns.forEach((line) => {
    const held = line.reservation.quantity;
    if (!wholeIn(line.quantity, 1, held)) {
      problems.push(t('quote.exchange.problem.returnQuantity', { name: line.reservation.display_name, held }));
    }
  });
  purchases.forEach((line, i) => {
    const name = line.sku.trim() || t('quote.exchange.newReservation', { n: i + 1 });
    if (line.sku.trim() === '') problems.push(t('quote.exchange.problem.sku', { n: i + 1 }));
    if (line.region.trim() === '') problems.push(t('quote.exchange.problem.region', { name }));
    if (!wholeIn(line.quantity, 1, 100_000)) problems.push(t('quote.exchange.problem.quantity', { name }));
    if (!parseMoneyInput(line.unit_price).ok) {
      problems.push(t('quote.exchange.problem.price', { name }));
    }
    if (!/^[A-Z]{3}$/.test(line.currency.trim())) problems.push(t('quote.exchange.problem.currency', { name }));
  });
  if (returns.length === 0) problems.push(t('quote.exchange.problem.noReturns'));
  if (purchases.length === 0) problems.push(t('quote.exchange.problem.noPurchases'));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      returns: returns.map((l) => ({
        reservation_id: l.reservation.id,
        quantity: l.quantity === l.reservation.quantity ? null : l.quantity,
      })),
      purchases: purchases.map((l) => ({
        sku: l.sku.trim(),
        region: l.region.trim(),
        term: l.term,
        quantity: l.quantity ?? 0,
        unit_price: moneyValue(l.unit_price),
        currency: l.currency.trim(),
      })),
      on,
    },
  };
}

/** A checked price as the core reads it ("2 300,00" → "2300.00"). */
function moneyValue(text: string): string {
  const parsed = parseMoneyInput(text);
  return parsed.ok ? parsed.value : text.trim();
}

/** Why a typed price cannot be read, for under its field; null when it can (or is still empty). */
export function priceProblem(text: string): string | null {
  const parsed = parseMoneyInput(text);
  if (parsed.ok || parsed.problem === 'empty') return null;
  return parsed.problem === 'negative' ? t('quote.exchange.priceNegative') : t('quote.exchange.priceFormat');
}

/** A purchase row from a catalog price (quantity 1). */
export function lineFromCatalog(key: number, entry: CatalogEntryView): PurchaseLine {
  return {
    key,
    sku: entry.sku,
    region: entry.region,
    term: entry.term,
    quantity: 1,
    unit_price: entry.unit_price,
    currency: entry.currency,
    origin: { source: entry.source ?? 'entered', priced_on: entry.priced_on ?? null, unit_price: entry.unit_price },
  };
}

/** The catalog price a row still carries: `null` once the user typed another price. */
export function catalogOrigin(line: PurchaseLine): PurchaseLine['origin'] | null {
  return line.origin && line.origin.unit_price === line.unit_price.trim() ? line.origin : null;
}

/** An empty row to type into, priced in the customer's billing currency. */
export function emptyLine(key: number, currency: string, template?: Pick<ReservationView, 'region' | 'term'>): PurchaseLine {
  return {
    key,
    sku: '',
    region: template?.region ?? '',
    term: template?.term ?? 'P1Y',
    quantity: 1,
    unit_price: '',
    currency,
  };
}

/** Other active reservations of the customer that are not yet in the plan, by name. */
export function addableReservations(all: readonly ReservationView[], inPlan: readonly ReturnLine[]): ReservationView[] {
  const taken = new Set(inPlan.map((l) => l.reservation.id));
  return all
    .filter((r) => isActive(r) && !taken.has(r.id))
    .sort((a, b) => a.display_name.localeCompare(b.display_name));
}

/** Catalog prices in the customer's billing currency, by SKU, region and term. */
export function catalogFor(entries: readonly CatalogEntryView[], currency: string): CatalogEntryView[] {
  return entries
    .filter((e) => e.currency === currency)
    .sort((a, b) => a.sku.localeCompare(b.sku) || a.region.localeCompare(b.region) || a.term.localeCompare(b.term));
}

export function catalogKey(e: Pick<CatalogEntryView, 'sku' | 'region' | 'term' | 'currency'>): string {
  return `${e.sku}|${e.region}|${e.term}|${e.currency}`;
}
