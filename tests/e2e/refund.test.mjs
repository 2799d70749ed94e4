// @ts-check
/**
 * End-to-end: from a reservation's Overview, Refund opens a quote whose figures are exactly
 * `rdesk refund-quote --json` for the same store and day; changing the quantity re-quotes;
 * "Draft support request" stores a ticket whose copied text holds the reservation and order IDs;
 * marking it submitted and then resolved records the refund, and the customer's available refund
 * limit drops by exactly the canceled commitment in USD — in the CLI and in the window.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { limitWholeRun, readClipboard, startDesk } from './lib/harness.mjs';
import { asDataValue, firstPaint } from './lib/flows.mjs';
import { waitUntil } from './lib/webdriver.mjs';

/** @typedef {import('./lib/harness.mjs').Desk} Desk */

const WHOLE_FILE_MS = 5 * 60_000;
limitWholeRun(WHOLE_FILE_MS);

const skip = process.platform !== 'linux' ? 'the WebDriver end-to-end tests run on Linux only' : false;

const QUOTE_FIELDS = ['quantity', 'remaining_days', 'term_days', 'canceled_commitment', 'canceled_commitment_usd', 'fee', 'refund', 'limit_usd', 'used_usd', 'available_usd', 'available_after_usd', 'allowed'];

/**
 * Reads every quote field's data-value until they all equal the CLI's, or the time is up.
 * @param {Desk} d
 * @param {any} expected
 */
async function quoteShows(d, expected) {
  /** @type {Record<string, string>} */
  let shown = {};
  /** @type {Record<string, string>} */
  const want = {};
  for (const k of QUOTE_FIELDS) want[k] = asDataValue(expected[k]);
  await waitUntil('the refund quote to show the CLI figures', async () => {
    shown = {};
    for (const k of QUOTE_FIELDS) {
      const [el] = await d.s.findAll(`[data-testid="refund-quote"] [data-field="${k}"]`);
      shown[k] = el ? ((await el.attribute('data-value')) ?? '(no data-value)') : '(missing)';
    }
    return QUOTE_FIELDS.every((k) => shown[k] === want[k]);
  }).catch(() => undefined);
  assert.deepEqual(shown, want, 'the window and `rdesk refund-quote --json` compute from one store and one day');
}

describe('Refund quote and drafted support request', { skip, timeout: WHOLE_FILE_MS - 10_000 }, () => {
  /** @type {Desk | undefined} */
  let desk;
  /** @type {any} */
  let res;

  before(
    async () => {
      desk = await startDesk('refund');
      const d = desk;
      res = await d.step('choose an active VM reservation from the CLI', async () => {
        const all = /** @type {any[]} */ (d.cliJson(['reservations']));
        const r = all.find((x) => x.status === 'Succeeded' && x.resource_type === 'VirtualMachines' && x.quantity > 1);
        assert.ok(r, 'the demo has an active VM reservation with more than one unit');
        return r;
      });
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await desk?.stop();
  });

  test('refund quote → draft → copy → submitted → resolved: the limit drops by exactly C in USD', { timeout: 150_000 }, async () => {
    assert.ok(desk && res, 'the app must have started');
    const d = desk;
    await d.step('open the reservation and its refund quote', async () => {
      await firstPaint(d);
      await d.s.execute(`location.hash = '#/reservations/${res.id}'`);
      const refund = await d.s.waitFor('[data-testid="action-refund"]', 30_000);
      await waitUntil('Refund to be enabled for an active reservation', async () => (await refund.attribute('disabled')) === null);
      await refund.click();
      await d.s.waitFor('[data-testid="refund-quote"]');
      await d.s.waitFor('[data-testid="refund-quantity"]');
      const startsAt = await d.s.execute(`return document.querySelector('[data-testid="refund-quantity"]').value;`);
      assert.equal(startsAt, '1', 'the quantity starts at one unit, never at all of them');
      await quoteShows(d, d.cliJson(['refund-quote', res.id, '--quantity', '1']));
    });
    await d.step('return every unit, then only one again', async () => {
      const qty = await d.s.waitFor('[data-testid="refund-quantity"]');
      await qty.clear();
      await qty.type(String(res.quantity));
      await quoteShows(d, d.cliJson(['refund-quote', res.id]));
      await qty.clear();
      await qty.type('1');
      await quoteShows(d, d.cliJson(['refund-quote', res.id, '--quantity', '1']));
    });
    await d.step('draft the support request and copy it', async () => {
      await (await d.s.waitFor('[data-testid="draft-refund"]')).click();
      await d.s.waitFor('[data-testid="ticket-editor"]');
      const tickets = /** @type {any[]} */ (d.cliJson(['tickets']));
      assert.equal(tickets.length, 1, 'one ticket was stored');
      assert.equal(tickets[0].kind, 'refund');
      assert.equal(tickets[0].status, 'draft');
      assert.equal(tickets[0].reservation_id, res.id);
      assert.deepEqual(tickets[0].missing, ['reason', 'name', 'email', 'phone', 'country'], 'no reason was typed and no contact is set yet');
    });
    await d.step('an incomplete request is not copied: the editor says which fields the portal needs', async () => {
      await (await d.s.waitFor('[data-testid="copy-ticket"]')).click();
      const note = await d.s.waitFor('[data-testid="ticket-missing"][role="alert"]');
      assert.equal(await note.attribute('data-missing'), 'reason name email phone country');
      const said = await note.text();
      for (const label of ['Not copied', 'Reason', 'Name', 'Email', 'Phone', 'Country/region']) assert.ok(said.includes(label), `the note names "${label}": ${said}`);
      const clip = readClipboard(d);
      assert.ok(!clip || !clip.includes(res.id), 'nothing was put on the clipboard');
    });
    await d.step('fill in the reason and the contact, then copy', async () => {
      // The editor put the caret at the end of the empty "Reason:" line; typing fills it in.
      const description = await d.s.waitFor('[data-testid="ticket-description"]');
      await description.type(' Workload moved to containers');
      await (await d.s.waitFor('[data-testid="step-contact"]')).click();
      for (const [id, value] of [['ticket-name', 'Ana Ruiz'], ['ticket-email', 'ana@partner.example'], ['ticket-phone', '+34 600 000 000'], ['ticket-country', 'Spain']]) {
        await (await d.s.waitFor(`[data-testid="${id}"]`)).type(value);
      }
      await (await d.s.waitFor('[data-testid="copy-ticket"]')).click();
      await waitUntil('the editor to find nothing missing', async () => (await d.s.findAll('[data-testid="ticket-missing"]')).length === 0);
      const saved = /** @type {any[]} */ (d.cliJson(['tickets']))[0];
      assert.deepEqual(saved.missing, [], 'the saved draft is complete');
      assert.ok(saved.draft.problem.description.endsWith('Reason: Workload moved to containers'), saved.draft.problem.description);
      /** @type {string | undefined} */
      let clip;
      await waitUntil('the ticket text on the clipboard', async () => {
        clip = readClipboard(d);
        return Boolean(clip && clip.includes(res.id));
      }, { timeoutMs: 5_000 }).catch(() => undefined);
      assert.ok(clip, 'the clipboard holds text');
      for (const needle of [res.id, res.order_id, 'Exchanges and refunds', 'Reservation management', '1 Basics', '3 Contact information']) {
        assert.ok(clip.includes(needle), `the copied ticket holds "${needle}"`);
      }
    });
    /** @type {any} */
    let quoted;
    await d.step('mark the ticket submitted, then resolved', async () => {
      quoted = d.cliJson(['refund-quote', res.id, '--quantity', '1']);
      assert.equal(quoted.used_usd, '0', 'nothing was refunded before');
      await (await d.s.waitFor('[data-testid="mark-submitted"]')).click();
      const number = await d.s.waitFor('[data-testid="ms-number"]');
      await number.type('2611240010001234');
      await (await d.s.waitFor('[data-testid="confirm-submitted"]')).click();
      await waitUntil('the ticket to be submitted', async () => (d.cliJson(['tickets']))[0]?.status === 'submitted');
      await (await d.s.waitFor('[data-testid="mark-resolved"]')).click();
      await (await d.s.waitFor('[data-testid="confirm-resolved"]')).click();
      await waitUntil('the ticket to be resolved', async () => (d.cliJson(['tickets']))[0]?.status === 'resolved');
    });
    await d.step('the available refund limit dropped by exactly the canceled commitment in USD', async () => {
      const after = d.cliJson(['refund-quote', res.id, '--quantity', '1']);
      const cents = (/** @type {string} */ s) => {
        const [i = '0', f = ''] = s.split('.');
        return BigInt(i) * 100n + BigInt((f + '00').slice(0, 2));
      };
      assert.equal(
        cents(quoted.available_usd) - cents(after.available_usd),
        cents(quoted.canceled_commitment_usd.amount),
        'available before − available after = the refund\'s canceled commitment in USD',
      );
      assert.equal(after.used_usd, quoted.canceled_commitment_usd.amount.replace(/\.?0+$/, ''), 'the ledger holds exactly that refund');
      await d.s.execute(`location.hash = '#/reservations/${res.id}'`);
      await (await d.s.waitFor('[data-testid="action-refund"]', 30_000)).click();
      const qty = await d.s.waitFor('[data-testid="refund-quantity"]');
      await qty.clear();
      await qty.type('1');
      await quoteShows(d, after);
    });
  });
});
