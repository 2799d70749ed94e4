// @ts-check
/**
 * End-to-end: in the real window, Configuration changes a reservation's scope to another
 * subscription of the same customer: the drafted plan's az command is copied to the system
 * clipboard, the plan is marked applied, and the Overview (and `rdesk show`) shows the new scope.
 * Renew on the Overview drafts a renewal plan for another reservation: auto-renew on, buying the
 * term, quantity and billing plan chosen in the sheet, stored as a pending plan the CLI lists.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { limitWholeRun, readClipboard, startDesk } from './lib/harness.mjs';
import { firstPaint } from './lib/flows.mjs';
import { waitUntil } from './lib/webdriver.mjs';

/** @typedef {import('./lib/harness.mjs').Desk} Desk */

const WHOLE_FILE_MS = 5 * 60_000;
limitWholeRun(WHOLE_FILE_MS);

const skip = process.platform !== 'linux' ? 'the WebDriver end-to-end tests run on Linux only' : false;

/**
 * An active single-scope reservation and another active subscription of its customer, found
 * with the CLI (a trial plan proves the target valid and is discarded again).
 * @param {Desk} d
 * @returns {{ r: any, sub: string }}
 */
function chooseMove(d) {
  const all = /** @type {any[]} */ (d.cliJson(['reservations']));
  for (const r of all.filter((x) => x.status === 'Succeeded' && x.scope_type === 'single')) {
    const subs = new Set();
    for (const x of all.filter((y) => y.customer_id === r.customer_id)) {
      subs.add(x.billing_subscription_id);
      const m = /^\/subscriptions\/([0-9a-f-]{36})$/.exec(x.scope_target ?? '');
      if (m) subs.add(m[1]);
    }
    for (const sub of subs) {
      if (r.scope_target === `/subscriptions/${sub}`) continue;
      try {
        const plan = d.cliJson(['scope', 'plan', r.id, '--to', `subscription:${sub}`]);
        d.cli(['plan', 'discard', String(plan.id)]);
        return { r, sub };
      } catch {
        // not a valid target (e.g. a disabled subscription): try the next
      }
    }
  }
  throw new Error('the demo has no single-scope reservation whose customer has a second active subscription');
}

describe('Configuration: change scope through a change plan', { skip, timeout: WHOLE_FILE_MS - 10_000 }, () => {
  /** @type {Desk | undefined} */
  let desk;
  /** @type {{ r: any, sub: string } | undefined} */
  let move;

  before(
    async () => {
      desk = await startDesk('configuration');
      const d = desk;
      move = await d.step('choose a reservation and a target subscription with the CLI', async () => chooseMove(d));
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await desk?.stop();
  });

  test('scope to another subscription of the same customer: copy az, apply, Overview shows it', { timeout: 150_000 }, async () => {
    assert.ok(desk && move, 'the app must have started');
    const d = desk;
    const { r, sub } = move;
    await d.step('draft the change plan in Configuration', async () => {
      await firstPaint(d);
      await d.s.execute(`location.hash = '#/reservations/${r.id}'`);
      await (await d.s.waitFor('[data-testid="tab-configuration"]', 30_000)).click();
      await d.s.waitFor('[data-testid="config-panel"]');
      const pick = `const el = document.querySelector(arguments[0]); el.value = arguments[1];
        el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));`;
      await d.s.execute(pick, ['[data-testid="scope-type"]', 'single']);
      await d.s.waitFor('[data-testid="scope-subscription"]');
      await d.s.execute(pick, ['[data-testid="scope-subscription"]', sub]);
      await (await d.s.waitFor('[data-testid="plan-change"]')).click();
      const az = await d.s.waitFor('[data-testid="az-command"]');
      await waitUntil('the az command for the new subscription', async () => (await az.text()).includes(`/subscriptions/${sub}`));
    });
    await d.step('copy the az command', async () => {
      const az = (await (await d.s.waitFor('[data-testid="az-command"]')).text()).trim();
      await (await d.s.waitFor('[data-testid="copy-az-command"]')).click();
      /** @type {string | undefined} */
      let clip;
      await waitUntil('the az command on the clipboard', async () => {
        clip = readClipboard(d)?.trim();
        return clip === az;
      }, { timeoutMs: 5_000 }).catch(() => undefined);
      assert.equal(clip, az, 'the system clipboard holds exactly the shown az command');
      assert.ok(az.startsWith('az reservations reservation update'), az);
      assert.ok(az.includes(`--reservation-id ${r.id}`) && az.includes(`--reservation-order-id ${r.order_id}`), az);
    });
    await d.step('mark the plan applied; the Overview shows the new scope', async () => {
      await (await d.s.waitFor('[data-testid="apply-plan"]')).click();
      await waitUntil('the plan to be applied', async () => (d.cliJson(['plan', 'list'])).some((/** @type {any} */ p) => p.status === 'applied'));
      const shown = d.cliJson(['show', r.id]);
      assert.equal(shown.scope_target, `/subscriptions/${sub}`, 'the store took the new scope');
      await (await d.s.waitFor('[data-testid="tab-overview"]')).click();
      await waitUntil('the Overview to show the new scope', async () => {
        const [el] = await d.s.findAll('[data-field="scope_target"]');
        return Boolean(el) && (await /** @type {any} */ (el).attribute('data-value')) === `/subscriptions/${sub}`;
      });
      const audit = /** @type {any[]} */ (d.cliJson(['audit']));
      assert.equal(audit[0]?.action, 'plan.apply', 'the change is in the audit log');
    });
  });

  test('Renew from Overview drafts a renewal plan with the chosen quantity', { timeout: 120_000 }, async () => {
    assert.ok(desk && move, 'the app must have started');
    const d = desk;
    const all = /** @type {any[]} */ (d.cliJson(['reservations']));
    const r = all.find((x) => x.status === 'Succeeded' && !x.renew && x.term !== null && x.billing_plan !== null && x.id !== move?.r.id);
    assert.ok(r, 'the demo has an active reservation without auto-renew whose term and billing plan are known');
    const quantity = r.quantity + 2;
    await d.step('open Renew on the Overview; it starts from the reservation\'s own terms', async () => {
      await d.s.execute(`location.hash = '#/reservations/${r.id}'`);
      await (await d.s.waitFor('[data-testid="action-renew"]', 30_000)).click();
      await d.s.waitFor('[data-testid="renew-sheet"]');
      const values = await d.s.execute(
        `return ['renew-term', 'renew-quantity', 'renew-billing'].map((id) => document.querySelector('[data-testid="' + id + '"]').value)`,
      );
      assert.deepEqual(values, [r.term, String(r.quantity), r.billing_plan]);
    });
    await d.step('change the quantity and draft the plan', async () => {
      await d.s.execute(
        `const el = document.querySelector('[data-testid="renew-quantity"]'); el.value = arguments[0];
         el.dispatchEvent(new Event('input', { bubbles: true }));`,
        [String(quantity)],
      );
      await (await d.s.waitFor('[data-testid="renew-draft"]')).click();
      const body = await d.s.waitFor('[data-testid="patch-body"]');
      await waitUntil('the PATCH body with the renewal purchase', async () => (await body.text()).includes('renewProperties'));
      const plans = /** @type {any[]} */ (d.cliJson(['plan', 'list']));
      const mine = plans.find((p) => p.reservation_id === r.id && p.status === 'pending');
      assert.ok(mine, 'the renewal plan is stored as pending');
      assert.equal(mine.after.renew, true);
      assert.deepEqual(mine.after.renewal, { term: r.term, quantity, billing_plan: r.billing_plan });
    });
  });
});
