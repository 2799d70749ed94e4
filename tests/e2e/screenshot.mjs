// @ts-check
/**
 * By hand, for the README: starts the real window on the demo portfolio (same harness as the
 * tests) and saves, into `tests/e2e/screenshots/`: the customer list, a reservation's Overview,
 * an active reservation's refund quote, the drafted support request, the Access control (IAM)
 * tab, a drafted scope-change plan in Configuration, the Dashboard, the Triage queue, the expiry
 * Calendar, a customer's review report, and the Dashboard and a reservation in Simplified
 * Chinese. Then exits.
 *
 *   cargo build -p reservation-desk -p desk && (cd ui && npm run build) && node tests/e2e/screenshot.mjs
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, limitWholeRun, startDesk } from './lib/harness.mjs';
import { SEL, chooseCase, firstPaint, openReservation } from './lib/flows.mjs';

limitWholeRun(5 * 60_000);

const OUT = path.join(REPO_ROOT, 'tests/e2e/screenshots');
const settle = () => new Promise((r) => setTimeout(r, 1_000));

const desk = await startDesk('screenshot');
let failed = false;
try {
  await desk.step('screenshots', async () => {
    fs.mkdirSync(OUT, { recursive: true });
    /** @param {string} name */
    const save = async (name) => {
      await settle();
      const file = path.join(OUT, name);
      fs.writeFileSync(file, await desk.screenshot());
      console.log(`saved ${file}`);
    };
    const c = chooseCase(desk);
    await desk.s.waitFor('[data-testid="dashboard"] [data-testid="dash-active"]', 60_000);
    await save('dashboard.png');
    await firstPaint(desk);
    await desk.s.waitFor(SEL.customerRow);
    await save('customers.png');

    await openReservation(desk, c);
    await save('overview.png');

    const all = /** @type {any[]} */ (desk.cliJson(['reservations']));
    const active = all.find((r) => r.status === 'Succeeded' && r.billing_plan === 'Monthly' && r.quantity > 1) ?? all.find((r) => r.status === 'Succeeded');
    await desk.s.execute(`location.hash = '#/reservations/${active.id}'`);
    await (await desk.s.waitFor('[data-testid="action-refund"]', 30_000)).click();
    await desk.s.waitFor('[data-testid="refund-quote"] [data-field="refund"]');
    await save('refund.png');

    await (await desk.s.waitFor('[data-testid="draft-refund"]')).click();
    await desk.s.waitFor('[data-testid="ticket-editor"]');
    // Copy is refused while the reason and the contact are empty, and says which.
    await (await desk.s.waitFor('[data-testid="copy-ticket"]')).click();
    await desk.s.waitFor('[data-testid="ticket-missing"][role="alert"]');
    await save('ticket.png');

    const single = all.find((r) => r.status === 'Succeeded' && r.scope_type === 'single') ?? active;
    await desk.s.execute(`location.hash = '#/reservations/${single.id}'`);
    await (await desk.s.waitFor('[data-testid="tab-iam"]', 30_000)).click();
    await desk.s.waitFor('[data-testid="assignment-row"]');
    await save('iam.png');

    await (await desk.s.waitFor('[data-testid="tab-configuration"]')).click();
    await desk.s.waitFor('[data-testid="config-panel"]');
    await desk.s.execute(
      `const el = document.querySelector('[data-testid="scope-type"]'); el.value = 'shared';
       el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));`,
    );
    await (await desk.s.waitFor('[data-testid="plan-change"]')).click();
    await desk.s.waitFor('[data-testid="az-command"]');
    await save('configuration.png');

    await desk.s.execute(`location.hash = '#/triage'`);
    await desk.s.waitFor('[data-testid="triage-item"]', 30_000);
    await desk.s.press([' ']);
    await desk.s.press(['j']);
    await desk.s.press(['j']);
    await desk.s.press([' ']);
    await save('triage.png');

    await desk.s.execute(`location.hash = '#/calendar'`);
    await desk.s.waitFor('[data-testid="calendar"]', 30_000);
    await save('calendar.png');

    await desk.s.execute(`location.hash = '#/customers/${c.customer.tenant_id}/report'`);
    await desk.s.waitFor('[data-testid="report-frame"]', 30_000);
    await save('report.png');

    await desk.s.execute(`location.hash = '#/settings'`);
    await desk.s.waitFor('[data-testid="settings-contact"]', 30_000);
    // Scroll the settings page itself (scrollIntoView would scroll the whole window's frame too).
    await desk.s.execute(
      `const el = document.querySelector('[data-testid="settings-contact"]'); const v = el.closest('.view');
       if (v) v.scrollTop = el.offsetTop - v.offsetTop - 16;`,
    );
    await save('settings-contact.png');

    // The narrowest window (960 × 600): rails collapse to icons, the table keeps its columns.
    await desk.s.setWindowSize({ width: 960, height: 600 });
    await desk.s.execute(`location.hash = '#/customers/${c.customer.tenant_id}'`);
    await desk.s.waitFor('[data-testid="reservation-row"]', 30_000);
    await save('narrow-customer.png');
    await desk.s.execute(`location.hash = '#/reservations/${active.id}'`);
    await desk.s.waitFor('[data-testid="action-refund"]', 30_000);
    await save('narrow-overview.png');
    await desk.s.setWindowSize({ width: 1280, height: 800 });

    // The same window in Simplified Chinese (Settings → Language), then back to English.
    await desk.s.execute(`location.hash = '#/settings'`);
    await desk.s.waitFor('[data-testid="settings-language-select"]', 30_000);
    const choose = (/** @type {string} */ v) =>
      desk.s.execute(
        `const el = document.querySelector('[data-testid="settings-language-select"]'); el.value = ${JSON.stringify(v)};
         el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));`,
      );
    await choose('zh-CN');
    await desk.s.execute(`location.hash = '#/dashboard'`);
    await desk.s.waitFor('[data-testid="dashboard"] [data-testid="dash-active"]', 30_000);
    await save('dashboard-zh-CN.png');
    await desk.s.execute(`location.hash = '#/reservations/${active.id}'`);
    await desk.s.waitFor('[data-testid="action-refund"]', 30_000);
    await save('overview-zh-CN.png');
    await desk.s.execute(`location.hash = '#/settings'`);
    await desk.s.waitFor('[data-testid="settings-language-select"]', 30_000);
    await choose('system');
  });
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await desk.stop();
}
process.exit(failed ? 1 : 0);
