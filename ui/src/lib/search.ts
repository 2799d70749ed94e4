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

// Each customer's searchable text, lowercased once (not on every keystroke). The fields are
// joined by a control character no typed query contains, so a match never spans two fields.
const haystacks = new WeakMap<CustomerSummary, string>();

function haystack(c: CustomerSummary): string {
  let text = haystacks.get(c);
  if (text === undefined) {
    text = `${c.name}\u001f${c.primary_domain}\u001f${c.tenant_id}`.toLowerCase();
    haystacks.set(c, text);
  }
  return text;
}

/** The test {@link filterCustomers} applies for `query`, or null when every customer matches. */
export function customerMatcher(query: string): ((c: CustomerSummary) => boolean) | null {
  const needle = normalizeQuery(query).replace(/\u001f/g, '');
  if (needle === '') return null;
  return (c) => haystack(c).includes(needle);
}
