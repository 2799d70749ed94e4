// @ts-check
/**
 * End-to-end: "Fetch from Azure" in the real window against a fake Partner Center and Resource
 * Manager on 127.0.0.1 (started here, stopped after). The window lists the customers from
 * Partner Center, shows progress, imports each tenant, lists the outcome, and the dashboard
 * then counts the fetched reservation as the CLI does.
 */

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { limitWholeRun, startDesk } from './lib/harness.mjs';
import { firstPaint } from './lib/flows.mjs';
import { waitUntil } from './lib/webdriver.mjs';

/** @typedef {import('./lib/harness.mjs').Desk} Desk */

const WHOLE_FILE_MS = 4 * 60_000;
limitWholeRun(WHOLE_FILE_MS);

const skip = process.platform !== 'linux' ? 'the WebDriver end-to-end tests run on Linux only' : false;

const PARTNER = '99999999-9999-4999-8999-999999999999';
const TENANT = '7e7e7e7e-0000-4000-8000-00000000007e';
const ORDER = '7a000001-0000-4000-8000-000000000001';
const RES = '7a000001-0000-4000-8000-0000000000f1';
const SUB = '7b000001-0000-4000-8000-000000000001';

/** @param {string} path */
function answer(path) {
  if (path.startsWith('/pc/v1/customers?')) {
    return {
      totalCount: 1,
      items: [{ id: TENANT, companyProfile: { tenantId: TENANT, domain: 'northwind-fetch.onmicrosoft.com', companyName: 'Northwind Fetch Ltd' } }],
    };
  }
  if (path.startsWith('/arm/providers/Microsoft.Capacity/reservations?')) {
    return {
      value: [
        {
          id: `/providers/Microsoft.Capacity/reservationOrders/${ORDER}/reservations/${RES}`,
          name: `${ORDER}/${RES}`,
          type: 'Microsoft.Capacity/reservationOrders/reservations',
          location: 'westeurope',
          sku: { name: 'Standard_D4s_v5' },
          properties: {
            displayName: 'vm-ri-fetched',
            reservedResourceType: 'VirtualMachines',
            quantity: 3,
            appliedScopeType: 'Shared',
            billingScopeId: `/subscriptions/${SUB}`,
            purchaseDate: '2026-01-10',
            benefitStartTime: '2026-01-10T10:00:00Z',
            expiryDate: '2027-01-10',
            provisioningState: 'Succeeded',
          },
        },
      ],
    };
  }
  if (path.startsWith(`/arm/providers/Microsoft.Capacity/reservationOrders/${ORDER}?`)) {
    return {
      id: `/providers/microsoft.capacity/reservationOrders/${ORDER}`,
      type: 'Microsoft.Capacity/reservationOrders',
      name: ORDER,
      properties: {
        displayName: 'vm-ri-fetched',
        requestDateTime: '2026-01-10T09:00:00Z',
        benefitStartTime: '2026-01-10T10:00:00Z',
        expiryDate: '2027-01-10',
        term: 'P1Y',
        billingPlan: 'Upfront',
        provisioningState: 'Succeeded',
        originalQuantity: 3,
        reservations: [{ id: `/providers/Microsoft.Capacity/reservationOrders/${ORDER}/reservations/${RES}` }],
        planInformation: {
          pricingCurrencyTotal: { currencyCode: 'USD', amount: 3600 },
          startDate: '2026-01-10',
          transactions: [{ dueDate: '2026-01-10', status: 'Succeeded', billingCurrencyTotal: { currencyCode: 'USD', amount: 3600 } }],
        },
      },
    };
  }
  if (path.includes('/providers/Microsoft.Consumption/reservationSummaries?')) {
    return {
      value: ['2026-11-22', '2026-11-23'].map((day) => ({
        id: `x-${day}`,
        type: 'Microsoft.Consumption/reservationSummaries',
        properties: { reservationOrderId: ORDER, reservationId: RES, reservedHours: 72, usedHours: 36, usageDate: `${day}T00:00:00Z`, avgUtilizationPercentage: 50 },
      })),
    };
  }
  if (path.includes('/providers/Microsoft.Authorization/roleAssignments?')) return { value: [] };
  if (path.startsWith('/prices?')) {
    return {
      BillingCurrency: 'USD',
      Items: [
        {
          currencyCode: 'USD',
          unitPrice: 1234.5678,
          armRegionName: 'westeurope',
          effectiveStartDate: '2024-05-01T00:00:00Z',
          productName: 'Virtual Machines Dsv5 Series',
          serviceName: 'Virtual Machines',
          armSkuName: 'Standard_D4s_v5',
          reservationTerm: '3 Years',
          type: 'Reservation',
        },
      ],
      NextPageLink: null,
      Count: 1,
    };
  }
  return null;
}

describe('Fetch from Azure in the window', { skip, timeout: WHOLE_FILE_MS - 10_000 }, () => {
  /** @type {Desk | undefined} */
  let desk;
  /** @type {http.Server | undefined} */
  let server;
  /** @type {string[]} */
  const seen = [];

  before(
    async () => {
      server = http.createServer((req, res) => {
        const path = req.url ?? '/';
        seen.push(path);
        const body = answer(path);
        // The reservations list takes a moment, so the window shows its progress.
        const delay = path.startsWith('/arm/providers/Microsoft.Capacity/reservations?') ? 1500 : 0;
        setTimeout(() => {
          res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body ?? { error: { code: 'NotFound', message: path } }));
        }, delay);
      });
      await new Promise((resolve) => server?.listen(0, '127.0.0.1', () => resolve(undefined)));
      const address = server.address();
      assert.ok(address && typeof address === 'object');
      const base = `http://127.0.0.1:${address.port}`;
      desk = await startDesk('fetch', {
        env: {
          RDESK_ARM_URL: `${base}/arm`,
          RDESK_PARTNER_CENTER_URL: `${base}/pc/v1`,
          RDESK_TOKEN_COMMAND: 'echo tok-{tenant}',
          RDESK_PRICES_URL: `${base}/prices`,
        },
      });
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await desk?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(() => resolve(undefined)) : resolve(undefined)));
  });

  test('fetches the customers and their reservations, shows progress, and the dashboard counts them', { timeout: 200_000 }, async () => {
    assert.ok(desk, 'the app must have started');
    const d = desk;
    const s = d.s;
    const activeBefore = d.cliJson(['dashboard']).active_reservations;
    assert.equal(seen.length, 0, 'launching and browsing go nowhere');

    await d.step('Fetch from Azure with the partner tenant', async () => {
      await firstPaint(d);
      await s.execute(`location.hash = '#/import'`);
      await s.waitFor('[data-testid="fetch-panel"]', 30_000);
      const input = await s.waitFor('[data-testid="fetch-partner"]');
      await input.clear();
      await input.type(PARTNER);
      await (await s.waitFor('[data-testid="fetch-start"]')).click();
      await waitUntil('the progress', async () => (await s.query('[data-testid="fetch-progress"]')).find((r) => r.visible), { timeoutMs: 20_000 });
      const result = await waitUntil('the outcome', async () => (await s.query('[data-testid="fetch-result"]')).find((r) => r.visible), {
        timeoutMs: 60_000,
      });
      assert.match(result.text, /Fetched 1 of 1 customers/, result.text);
      const row = await waitUntil('the tenant row', async () => (await s.query('[data-testid="fetch-tenant"]')).find((r) => r.visible));
      assert.match(row.text, /Northwind Fetch Ltd/);
      assert.match(row.text, /Imported/);
      assert.match(row.text, /Reservations: 1 · orders: 1 · days of utilization: 2/);
      const counts = d.cliJson(['customers']).length;
      await waitUntil(
        'the status bar to count the fetched customer',
        async () => String(await s.execute(`return document.body.textContent ?? ''`)).includes(`${counts} customers`),
        { timeoutMs: 20_000 },
      );
    });

    await d.step('the customer page refreshes that tenant alone: Azure has nothing new', async () => {
      const before = seen.length;
      await s.execute(`location.hash = '#/customers/${TENANT}'`);
      await (await s.waitFor('[data-testid="customer-refresh"]', 30_000)).click();
      const note = await waitUntil('the refresh result', async () => (await s.query('[data-testid="customer-refresh-result"]')).find((r) => r.visible), {
        timeoutMs: 60_000,
      });
      assert.match(note.text, /Up to date/, note.text);
      const asked = seen.slice(before);
      assert.ok(asked.length > 0 && !asked.some((p) => p.startsWith('/pc/')), `only ARM for this tenant: ${asked.join(', ')}`);
    });

    await d.step('Settings fetches the retail prices of the store’s SKUs into the catalog, marked retail', async () => {
      await s.execute(`location.hash = '#/settings'`);
      await (await s.waitFor('[data-testid="retail-start"]', 30_000)).click();
      const summary = await waitUntil('the retail result', async () => (await s.query('[data-testid="retail-summary"]')).find((r) => r.visible), {
        timeoutMs: 60_000,
      });
      assert.match(summary.text, /1 retail prices in USD/, summary.text);
      const asked = seen.filter((p) => p.startsWith('/prices?')).map((p) => decodeURIComponent(p.replace(/\+/g, ' ')));
      assert.ok(asked.some((p) => p.includes("armSkuName eq 'Standard_D4s_v5'")), asked.join('\n'));
      await waitUntil('a retail row in the catalog', async () =>
        Boolean(await s.execute(`return document.querySelector('[data-testid="catalog-source"][data-source="retail"]') !== null`)),
      );
      const retail = d.cliJson(['catalog']).find((/** @type {{ source: string }} */ e) => e.source === 'retail');
      assert.equal(retail?.unit_price, '1234.5678');
      assert.equal(retail?.sku, 'Standard_D4s_v5');
    });

    await d.step('the Exchange planner prices a purchase from that retail price, with its source', async () => {
      await s.execute(`location.hash = '#/reservations/${RES}'`);
      const exchange = await s.waitFor('[data-testid="action-exchange"]', 30_000);
      await waitUntil('Exchange to be enabled', async () => (await exchange.attribute('disabled')) === null);
      await exchange.click();
      await s.waitFor('[data-testid="exchange-add-catalog"]', 30_000);
      await waitUntil('the catalog to offer the retail price', async () =>
        Boolean(
          await s.execute(
            `return [...document.querySelectorAll('[data-testid="exchange-add-catalog"] option')].some((o) => o.textContent.includes('Standard_D4s_v5'))`,
          ),
        ),
      );
      await s.execute(
        `const el = document.querySelector('[data-testid="exchange-add-catalog"]');
         el.value = [...el.options].find((o) => o.textContent.includes('Standard_D4s_v5')).value;
         el.dispatchEvent(new Event('change', { bubbles: true }));`,
      );
      await s.waitFor('[data-testid="purchase-price"]');
      assert.equal(await s.execute(`return document.querySelector('[data-testid="purchase-price"]').value`), '1234.5678');
      const origin = await s.waitFor('[data-testid="purchase-price-origin"]');
      assert.equal(await origin.attribute('data-source'), 'retail', 'the price is marked as Azure\'s retail price');
    });

    await d.step('the store holds what Azure said, and the dashboard counts it', async () => {
      assert.ok(seen.some((p) => p.startsWith('/pc/v1/customers?size=500')), seen.join('\n'));
      const shown = d.cliJson(['show', RES]);
      assert.equal(shown.customer_name, 'Northwind Fetch Ltd');
      assert.equal(shown.billing_plan, 'Upfront');
      assert.ok(shown.price, 'priced from the order’s payment schedule');
      assert.equal(shown.utilization_30d, '50', JSON.stringify(shown));
      const board = d.cliJson(['dashboard']);
      assert.equal(board.active_reservations, activeBefore + 1);
      await s.execute(`location.hash = '#/'`);
      await s.waitFor('[data-testid="dash-active"]', 30_000);
      await waitUntil(
        'the dashboard to count the fetched reservation',
        async () =>
          (await s.execute(`return document.querySelector('[data-testid="dash-active"]')?.getAttribute('data-value') ?? ''`)) ===
          String(board.active_reservations),
        { timeoutMs: 30_000 },
      );
    });
  });
});
