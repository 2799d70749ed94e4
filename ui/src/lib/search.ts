// Client-side customer search over the loaded list.
import type { CustomerSummary } from '../api/desk';

/** The 2018 Chinese terms (预订, 兑换) and the ones Microsoft writes today (预留, 交换). */
const OLDER_TERMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/预订/g, '预留'],
  [/兑换/g, '交换'],
];

/**
 * Text as search compares it: lower case, and the older Chinese terms read as today's, so a
 * user who types 预订 finds what 预留 finds (and a name written either way is found by both).
 */
export function searchFold(text: string): string {
  let folded = text.toLowerCase();
  for (const [older, today] of OLDER_TERMS) folded = folded.replace(older, today);
  return folded;
}

/** Normalises what the user typed: trimmed, folded; braces around a pasted GUID are dropped. */
export function normalizeQuery(query: string): string {
  return searchFold(query.trim().replace(/^\{(.*)\}$/, '$1').trim());
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
    text = searchFold(`${c.name}\u001f${c.primary_domain}\u001f${c.tenant_id}`);
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
