// Client-side customer search over the loaded list.
import type { CustomerSummary } from '../api/desk';

/** Normalises what the user typed: trimmed, lower case; braces around a pasted GUID are dropped. */
export function normalizeQuery(query: string): string {
  return query.trim().replace(/^\{(.*)\}$/, '$1').trim().toLowerCase();
}

/**
 * Customers whose name, primary domain or tenant ID contains the query (case-insensitive).
 * An empty query returns the list unchanged; the order of the input is kept.
 */
export function filterCustomers(
  customers: readonly CustomerSummary[],
  query: string,
): readonly CustomerSummary[] {
  const matches = customerMatcher(query);
  return matches === null ? customers : customers.filter(matches);
}

/** The test {@link filterCustomers} applies for `query`, or null when every customer matches. */
export function customerMatcher(query: string): ((c: CustomerSummary) => boolean) | null {
  const needle = normalizeQuery(query);
  if (needle === '') return null;
  return (c) =>
    c.name.toLowerCase().includes(needle) ||
    c.primary_domain.toLowerCase().includes(needle) ||
    c.tenant_id.toLowerCase().includes(needle);
}
