// @ts-check
/**
 * What the end-to-end tests do in the window, and what they expect from the CLI:
 * choosing a customer and a reservation from `rdesk … --json`, finding the customer by search,
 * opening the reservation. Shared by the tests and by `screenshot.mjs`.
 */

import { waitUntil } from './webdriver.mjs';

/** @typedef {import('./harness.mjs').Desk} Desk */
/** @typedef {import('./webdriver.mjs').Element} Element */

export const SEL = {
  search: '[data-testid="customer-search"]',
  customerRow: '[data-testid="customer-row"]',
  /** @param {string} tenantId */
  customerRowOf: (tenantId) => `[data-testid="customer-row"][data-tenant-id="${tenantId}"]`,
  /** @param {string} id */
  reservationRowOf: (id) => `[data-testid="reservation-row"][data-reservation-id="${id}"]`,
  navCustomers: '[data-testid="nav-customers"]',
  tabs: '[data-testid^="tab-"]',
  tabProperties: '[data-testid="tab-properties"]',
  copyId: '[data-testid="copy-id"]',
  /** Where the Overview's fields live; the first displayed match wins. */
  overview: ['#panel-overview', '[data-testid="overview"]', '[data-testid="reservation-overview"]', '[data-testid="tab-panel-overview"]'],
};

/** The Overview fields compared with `rdesk show <id> --json`, in the order they are checked. */
export const OVERVIEW_FIELDS = /** @type {const} */ ([
  'display_name',
  'resource_type',
  'sku',
  'region',
  'quantity',
  'term',
  'billing_plan',
  'purchase_date',
  'benefit_start',
  'expiry_date',
  'days_left',
  'scope_type',
  'scope_target',
  'renew',
  'status',
  'billing_subscription_id',
  'instance_flexibility',
  'utilization_1d',
  'utilization_7d',
  'utilization_30d',
  'price',
  'price_usd',
]);

export const TAB_TITLES = ['Overview', 'Access control (IAM)', 'Configuration', 'Properties', 'New support request'];

/**
 * How a CLI JSON value appears in a `data-value` attribute.
 * @param {unknown} v
 * @returns {string}
 */
export function asDataValue(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'amount' in v && 'currency' in v) return `${v.amount} ${v.currency}`;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * @typedef {object} Case
 * @property {any} customer One object of `rdesk customers --json`.
 * @property {string} query Part of the customer's name, typed into the search box.
 * @property {string[]} matching Tenant IDs of every customer whose name contains the query.
 * @property {any} reservation `rdesk show <id> --json` of the chosen reservation.
 */

/**
 * Picks, from the CLI, a customer with reservations and a word of its name that finds a few
 * customers but not all (two or more if possible, so the filter has rows to keep and rows to
 * drop), and that customer's reservation with the most filled-in fields.
 * @param {Desk} desk
 * @returns {Case}
 */
export function chooseCase(desk) {
  /** @type {any[]} */
  const customers = desk.cliJson(['customers']);
  if (!Array.isArray(customers) || customers.length === 0) {
    throw new Error(`rdesk customers --json listed no customers after \`demo --seed 7\`: ${JSON.stringify(customers).slice(0, 300)}`);
  }
  const lower = (/** @type {string} */ s) => s.toLocaleLowerCase('en');
  /** @type {{ customer: any, word: string, matching: string[] }[]} */
  const candidates = [];
  for (const customer of customers) {
    if (typeof customer.name !== 'string' || customer.reservation_count === 0) continue;
    for (const word of customer.name.split(/[^\p{L}\p{N}]+/u)) {
      if ([...word].length < 4) continue;
      const matching = customers.filter((c) => lower(String(c.name)).includes(lower(word))).map((c) => c.tenant_id);
      if (matching.length < customers.length || customers.length === 1) candidates.push({ customer, word, matching });
    }
  }
  const rank = (/** @type {{ customer: any, word: string, matching: string[] }} */ x) => [
    x.matching.length >= 2 ? 0 : 1,
    -(x.customer.reservation_count ?? 0),
    /^[\x20-\x7e]+$/.test(x.word) ? 0 : 1, // a word that is easy to read in a log
  ];
  candidates.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return /** @type {number} */ (ra[i]) - /** @type {number} */ (rb[i]);
    return String(a.customer.name).localeCompare(String(b.customer.name)) || a.word.localeCompare(b.word);
  });

  for (const { customer, word, matching } of candidates) {
    /** @type {any[]} */
    const list = desk.cliJson(['reservations', '--customer', customer.tenant_id]);
    if (!Array.isArray(list) || list.length === 0) continue;
    // The reservation with the most non-null fields exercises the most of the Overview; among
    // those, an active one is what a person usually looks at.
    const filled = (/** @type {any} */ r) => OVERVIEW_FIELDS.filter((k) => r[k] !== null && r[k] !== undefined).length;
    const activity = (/** @type {any} */ r) => ['Succeeded', 'Expiring'].indexOf(r.status) >>> 0;
    const pick = [...list].sort(
      (a, b) => filled(b) - filled(a) || activity(a) - activity(b) || String(a.id).localeCompare(String(b.id)),
    )[0];
    const reservation = desk.cliJson(['show', String(pick.id)]);
    return { customer, query: word, matching, reservation };
  }
  throw new Error('no customer with reservations and a distinctive word in its name in the demo portfolio');
}

/** @type {WeakSet<Desk>} */
const painted = new WeakSet();

/**
 * Waits for the window to paint (the navigation rail: up to a minute the first time, since a debug
 * build under Xvfb is slow to paint; 15 s after that), then goes to the customer list (the landing
 * page is the Dashboard) and waits for its search box. On timeout the message says what the window
 * shows instead.
 * @param {Desk} desk
 * @returns {Promise<Element>}
 */
export async function firstPaint(desk) {
  const s = desk.s;
  try {
    const nav = await s.waitFor(SEL.navCustomers, painted.has(desk) ? undefined : 60_000);
    painted.add(desk);
    const shown = (await s.query(SEL.search)).find((f) => f.visible);
    if (shown) return shown.el;
    // The rail's Customers item; its route as a fallback should the click be refused.
    await nav.click().catch(() => s.execute("location.hash = '#/customers';"));
    return await s.waitFor(SEL.search);
  } catch (err) {
    painted.add(desk); // do not wait a whole minute again
    const shows = await s
      .execute('return (location.hash + " | " + document.title + " | " + (document.body ? document.body.innerText : "")).slice(0, 400);')
      .catch((/** @type {Error} */ e) => `(could not read the page: ${e.message})`);
    throw new Error(`${/** @type {Error} */ (err).message}\n  the window shows: ${JSON.stringify(shows)}`);
  }
}

/**
 * Types the query into the customer search and waits until the list shows only matching rows,
 * the wanted one among them. Returns the wanted row and the visible rows' texts.
 * @param {Desk} desk
 * @param {Case} c
 */
export async function searchCustomer(desk, c) {
  const s = desk.s;
  const search = await firstPaint(desk);
  await search.clear();
  await search.type(c.query);
  const q = c.query.toLocaleLowerCase('en');
  /** @type {string[]} */
  let lastTexts = [];
  try {
    return await waitUntil(
      `the customer list to show only rows matching "${c.query}", ${c.customer.tenant_id} among them`,
      async () => {
        const rows = (await s.query(SEL.customerRow, { attrs: ['data-tenant-id'] })).filter((r) => r.visible);
        const texts = rows.map((r) => r.text);
        const wanted = rows.find((r) => r.attrs['data-tenant-id'] === c.customer.tenant_id)?.el;
        lastTexts = texts;
        if (!wanted || texts.some((t) => !t.toLocaleLowerCase('en').includes(q))) return undefined;
        return { wanted, texts };
      },
    );
  } catch (err) {
    const shown = lastTexts.map((t) => `    ${JSON.stringify(t.replace(/\s+/g, ' '))}`).join('\n');
    throw new Error(`${/** @type {Error} */ (err).message}\n  rows shown:\n${shown || '    (none)'}`);
  }
}

/**
 * From the customer list: search, open the customer, open the reservation (Overview tab).
 * @param {Desk} desk
 * @param {Case} c
 */
export async function openReservation(desk, c) {
  if (painted.has(desk)) await goToCustomers(desk);
  const { wanted } = await searchCustomer(desk, c);
  await wanted.click();
  const row = await desk.s.waitFor(SEL.reservationRowOf(c.reservation.id));
  await row.click();
  return overviewPanel(desk);
}

/**
 * The visible Overview panel, or undefined (meaning: the whole page) when no known container matches.
 * @param {Desk} desk
 * @returns {Promise<Element | undefined>}
 */
export async function overviewPanel(desk) {
  const s = desk.s;
  await s.waitFor('[data-field="display_name"]');
  for (const css of SEL.overview) {
    const panel = (await s.query(css)).find((f) => f.visible);
    if (panel) return panel.el;
  }
  return undefined;
}

/**
 * What the Overview shows for each field: `data-value` and visible text of the first
 * `[data-field=<key>]` in the panel.
 * @param {Desk} desk
 * @param {Element | undefined} panel
 * @returns {Promise<Map<string, { value: string | null, text: string, visible: boolean }>>}
 */
export async function overviewFields(desk, panel) {
  const found = await desk.s.query('[data-field]', { within: panel, attrs: ['data-field', 'data-value'] });
  /** @type {Map<string, { value: string | null, text: string, visible: boolean }>} */
  const fields = new Map();
  for (const f of found) {
    const key = f.attrs['data-field'];
    if (key && !fields.has(key)) fields.set(key, { value: f.attrs['data-value'] ?? null, text: f.text, visible: f.visible });
  }
  return fields;
}

/**
 * From wherever the window is, back to the customer list.
 * @param {Desk} desk
 */
export async function goToCustomers(desk) {
  if ((await desk.s.query(SEL.search)).some((f) => f.visible)) return;
  await (await desk.s.waitFor(SEL.navCustomers)).click();
}
