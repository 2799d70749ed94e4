// @ts-check
/**
 * End-to-end: what no file said stays unknown in the real window. A reservation imported from an
 * Azure list page (no order, no billing plan, no price) shows "unknown" for its price and billing
 * plan with the export that fills them; its Refund sheet refuses with the reason, shows no figure
 * and cannot draft a ticket; the dashboard's "without a known price" count opens the list holding
 * it. A customers list with one bad row fails as a whole, then
 * "Import the valid rows" imports the others and lists the row left out.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { limitWholeRun, startDesk } from './lib/harness.mjs';
import { firstPaint } from './lib/flows.mjs';
import { waitUntil } from './lib/webdriver.mjs';

/** @typedef {import('./lib/harness.mjs').Desk} Desk */

const WHOLE_FILE_MS = 4 * 60_000;
limitWholeRun(WHOLE_FILE_MS);

const skip = process.platform !== 'linux' ? 'the WebDriver end-to-end tests run on Linux only' : false;

const ORDER = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
const RES = 'f2a3b4c5-d6e7-4f80-9bac-1d2e3f4a5b6c';
const NEW_TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

/** An Azure reservation list page: the order is not in the store and nothing says the price. */
function azurePage() {
  return JSON.stringify({
    value: [
      {
        id: `/providers/Microsoft.Capacity/reservationOrders/${ORDER}/reservations/${RES}`,
        name: `${ORDER}/${RES}`,
        type: 'Microsoft.Capacity/reservationOrders/reservations',
        location: 'westeurope',
        sku: { name: 'Standard_D2s_v5' },
        properties: {
          displayName: 'vm-ri-from-a-list',
          reservedResourceType: 'VirtualMachines',
          quantity: 2,
          appliedScopeType: 'Shared',
          purchaseDate: '2026-01-10',
          benefitStartTime: '2026-01-10T10:00:00Z',
          expiryDate: '2027-01-10',
          provisioningState: 'Succeeded',
        },
      },
    ],
  });
}

/** A Partner Center customers list whose second item has a tenant ID that is not a GUID. */
function customersWithOneBadRow() {
  const item = (/** @type {string} */ id, /** @type {string} */ name) => ({ id, companyProfile: { tenantId: id, domain: `${name.toLowerCase()}.onmicrosoft.com`, companyName: name } });
  return JSON.stringify({ totalCount: 2, items: [item(NEW_TENANT, 'Valid Row Ltd'), item('not-a-guid', 'Bad Row Ltd')] });
}

describe('Unknown facts and skipped rows in the window', { skip, timeout: WHOLE_FILE_MS - 10_000 }, () => {
  /** @type {Desk | undefined} */
  let desk;

  before(
    async () => {
      desk = await startDesk('unknowns');
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await desk?.stop();
  });

  test('an unknown price shows as unknown and is never quoted; the valid rows of a bad file import', { timeout: 200_000 }, async () => {
    assert.ok(desk, 'the app must have started');
    const d = desk;
    const s = d.s;
    const customer = /** @type {any[]} */ (d.cliJson(['customers']))[0];
    const billing = /** @type {any[]} */ (d.cliJson(['reservations', '--customer', customer.tenant_id]))[0].billing_subscription_id;
    const page = path.join(d.tmp, 'reservations.json');
    const withBilling = JSON.parse(azurePage());
    withBilling.value[0].properties.billingScopeId = `/subscriptions/${billing}`;
    fs.writeFileSync(page, JSON.stringify(withBilling));
    d.cli(['import', page, '--customer', customer.tenant_id]);
    const shown = d.cliJson(['show', RES]);
    assert.equal(shown.price, null);
    assert.equal(shown.billing_plan, null);

    await d.step('the Overview says unknown and which export fills it', async () => {
      await firstPaint(d);
      await s.execute(`location.hash = '#/reservations/${RES}'`);
      const price = await s.waitFor('[data-field="price"]', 30_000);
      assert.match(await price.text(), /unknown/i, 'the price is unknown, not 0');
      const plan = await s.waitFor('[data-field="billing_plan"]');
      assert.match(await plan.text(), /unknown/i);
      const facts = await s.waitFor('[data-testid="unknown-facts"]');
      const text = await facts.text();
      assert.match(text, /Price unknown/);
      assert.match(text, /payment schedule|cost-details/);
      assert.ok(!/\b0\.00\b/.test(await price.text()), 'no zero is shown');
    });

    await d.step('the Refund sheet refuses with the reason and offers no ticket', async () => {
      const refund = await s.waitFor('[data-testid="action-refund"]');
      await waitUntil('Refund to be enabled for an active reservation', async () => (await refund.attribute('disabled')) === null);
      await refund.click();
      await s.waitFor('[data-testid="refund-quote"]');
      const reasons = await waitUntil('the reasons', async () => (await s.query('[data-testid="refund-reasons"]')).find((r) => r.visible));
      assert.match(reasons.text, /price is unknown/i, reasons.text);
      const unknown = await s.waitFor('[data-testid="price-unknown"]');
      assert.match(await unknown.text(), /unknown/i);
      const draft = await s.waitFor('[data-testid="draft-refund"]');
      assert.notEqual(await draft.attribute('disabled'), null, 'no ticket can be drafted from an unknown price');
      const figures = /** @type {string} */ (await s.execute(`return document.querySelector('[data-testid="refund-quote"]')?.textContent ?? ''`));
      assert.ok(!/refund[^.]*\b0\.00\b/i.test(figures), `no refund of 0.00 is shown: ${figures.slice(0, 300)}`);
      await s.execute(`document.activeElement && document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))`);
    });

    await d.step('the dashboard counts it without a known price and opens that list', async () => {
      await s.execute(`location.hash = '#/'`);
      const link = await s.waitFor('[data-testid="dash-without-price"]', 30_000);
      assert.equal(await link.attribute('data-value'), String(d.cliJson(['dashboard']).reservations_without_price));
      assert.match(await link.text(), /without a known price/);
      await link.click();
      const list = await s.waitFor('[data-testid="review-list"]', 30_000);
      assert.equal(await list.attribute('data-filter'), 'without_price');
      const row = await waitUntil('the reservation in the list', async () =>
        (await s.query('[data-testid="review-row"]')).find((r) => r.visible && r.text.includes('vm-ri-from-a-list')),
      );
      assert.ok(row, 'the price-less reservation is listed');
    });

    await d.step('a file with one bad row fails whole; "Import the valid rows" imports the others', async () => {
      const file = path.join(d.tmp, 'customers-one-bad.json');
      fs.writeFileSync(file, customersWithOneBadRow());
      await s.execute(`location.hash = '#/import'`);
      await s.waitFor('[data-testid="import-view"]', 30_000);
      const input = await s.waitFor('[data-testid="import-path-input"]');
      await input.clear();
      await input.type(file);
      await (await s.waitFor('[data-testid="import-add-path"]')).click();
      await waitUntil('the file row', async () => (await s.query('[data-testid="import-file-row"]')).find((r) => r.visible));
      await (await s.waitFor('[data-testid="import-start"]')).click();
      const problem = await waitUntil('the bad row listed', async () => (await s.query('[data-testid="import-problem"]')).find((r) => r.visible), {
        timeoutMs: 60_000,
      });
      assert.match(problem.text, /not-a-guid/);
      assert.equal(
        /** @type {any[]} */ (d.cliJson(['customers'])).some((c) => c.tenant_id === NEW_TENANT),
        false,
        'all or nothing by default',
      );
      await (await s.waitFor('[data-testid="import-valid-rows"]')).click();
      const skipped = await waitUntil('the rows left out', async () => (await s.query('[data-testid="import-skipped"]')).find((r) => r.visible), {
        timeoutMs: 60_000,
      });
      assert.match(skipped.text, /1 row/);
      const listed = await waitUntil('the skipped row', async () => (await s.query('[data-testid="import-problem"]')).find((r) => r.visible));
      assert.match(listed.text, /not-a-guid/);
      assert.ok(
        /** @type {any[]} */ (d.cliJson(['customers'])).some((c) => c.tenant_id === NEW_TENANT),
        'the valid row is in the store',
      );
    });
  });
});
