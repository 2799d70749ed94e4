// @ts-check
/**
 * End-to-end: the Dashboard is the landing view and shows the CLI's figures; a figure opens the
 * list behind it with as many rows as the figure says; switching the language to Simplified
 * Chinese in Settings turns the whole window Chinese (Microsoft's terms), and back.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { limitWholeRun, startDesk } from './lib/harness.mjs';
import { waitUntil } from './lib/webdriver.mjs';

/** @typedef {import('./lib/harness.mjs').Desk} Desk */

const WHOLE_FILE_MS = 4 * 60_000;
limitWholeRun(WHOLE_FILE_MS);

const skip = process.platform !== 'linux' ? 'the WebDriver end-to-end tests run on Linux only' : false;

const D = {
  dashboard: '[data-testid="dashboard"]',
  /** @param {string} id */
  figure: (id) => `[data-testid="dashboard"] [data-testid="${id}"]`,
  reviewList: '[data-testid="review-list"]',
  reviewCount: '[data-testid="review-count"]',
  reviewRow: '[data-testid="review-row"]',
  language: '[data-testid="settings-language-select"]',
  navDashboard: '[data-testid="nav-dashboard"]',
  navSettings: '[data-testid="nav-settings"]',
};

/** The digits of a figure's text, as a number ("1,234" → 1234). @param {string} text */
function digits(text) {
  const m = /\d[\d,]*/.exec(text);
  return m ? Number(m[0].replace(/,/g, '')) : NaN;
}

/**
 * The number a figure holds (its data-value), after checking the card shows it as text too.
 * @param {Desk} d
 * @param {string} id
 */
async function figureValue(d, id) {
  const [raw, text] = /** @type {[string, string]} */ (
    await d.s.execute(`const el = document.querySelector('${D.figure(id)}'); return [el?.getAttribute('data-value') ?? '', el?.innerText ?? ''];`)
  );
  const value = Number(raw);
  assert.ok(text.includes(value.toLocaleString('en-US')), `the ${id} card shows ${value}: ${JSON.stringify(text)}`);
  return value;
}

/** @param {Desk} d @param {string} value */
async function chooseLanguage(d, value) {
  await d.s.waitFor(D.language, 20_000);
  await d.s.execute(
    `const el = document.querySelector('${D.language}'); el.value = ${JSON.stringify(value)};
     el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));`,
  );
}

describe('Dashboard: figures, the lists behind them, and the language switch', { skip, timeout: WHOLE_FILE_MS - 10_000 }, () => {
  /** @type {Desk | undefined} */
  let desk;
  /** `rdesk dashboard --json`. @type {any} */
  let board;

  before(
    async () => {
      desk = await startDesk('dashboard');
      const d = desk;
      board = await d.step('read the dashboard from the CLI', async () => d.cliJson(['dashboard']));
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await desk?.stop();
  });

  test('the landing view shows the CLI figures and a figure opens its list', { timeout: 120_000 }, async () => {
    assert.ok(desk && board, 'the app must have started and the CLI must have answered');
    const d = desk;
    const s = d.s;
    await d.step('the window opens on the Dashboard with the CLI figures', async () => {
      await s.waitFor(D.figure('dash-active'), 60_000);
      assert.equal(await figureValue(d, 'dash-active'), board.active_reservations, 'active reservations as `rdesk dashboard` counts them');
      assert.equal(await figureValue(d, 'dash-expiring-90'), board.expiring.d90, 'expiring within 90 days');
      assert.equal(await figureValue(d, 'dash-under-utilized'), board.under_utilized.count, 'under-utilized');
    });
    await d.step('"expiring within 90 days" opens a list of exactly that many reservations', async () => {
      await (await s.waitFor(D.figure('dash-expiring-90'))).click();
      await s.waitFor(D.reviewList, 20_000);
      const hash = String(await s.execute('return location.hash;'));
      assert.equal(hash, '#/review/expiring/90', 'the figure links to its list');
      await waitUntil(`the review count to read ${board.expiring.d90}`, async () => {
        const count = await s.waitFor(D.reviewCount);
        return digits(await count.text()) === board.expiring.d90 ? true : undefined;
      }, { timeoutMs: 10_000 });
      const rows = await s.query(D.reviewRow, { attrs: ['data-reservation-id'] });
      assert.ok(rows.length > 0, 'rows are shown');
      const ids = new Set(/** @type {any[]} */ (d.cliJson(['reservations', '--expiring-within', '90'])).map((r) => r.id));
      for (const r of rows) {
        assert.ok(ids.has(r.attrs['data-reservation-id']), `row ${r.attrs['data-reservation-id']} is one the CLI lists as expiring within 90 days`);
      }
    });
  });

  test('Settings → Language turns the window Chinese and back', { timeout: 120_000 }, async () => {
    assert.ok(desk, 'the app must have started');
    const d = desk;
    const s = d.s;
    try {
      await d.step('choose 简体中文 in Settings', async () => {
        await (await s.waitFor(D.navSettings, 20_000)).click();
        await chooseLanguage(d, 'zh-CN');
      });
      await d.step('the rail and the Dashboard speak Chinese, with the same figures', async () => {
        await waitUntil('the rail to read 仪表板', async () => {
          const text = String(await s.execute(`return document.querySelector('${D.navDashboard}')?.innerText ?? '';`));
          return text.includes('仪表板') ? true : undefined;
        }, { timeoutMs: 10_000 });
        await (await s.waitFor(D.navDashboard)).click();
        await s.waitFor(D.figure('dash-active'), 20_000);
        assert.equal(await figureValue(d, 'dash-active'), board.active_reservations);
        const lang = String(await s.execute('return document.documentElement.lang;'));
        assert.equal(lang, 'zh-CN', 'the document language follows');
        const text = String(await s.execute(`return document.querySelector('${D.dashboard}').innerText;`));
        assert.ok(text.includes('预留'), `the Dashboard uses today's Microsoft term 预留: ${text.slice(0, 200)}`);
        const whole = String(await s.execute('return document.body.innerText;'));
        for (const old of ['预订', '兑换', '资产组合']) {
          assert.ok(!whole.includes(old), `the window no longer writes the 2018 term ${old}: ${whole.slice(Math.max(0, whole.indexOf(old) - 40), whole.indexOf(old) + 40)}`);
        }
      });
    } finally {
      await d.step('back to the OS language', async () => {
        await (await s.waitFor(D.navSettings, 20_000)).click();
        await chooseLanguage(d, 'system');
        /** @type {string} */
        let last = '';
        await waitUntil('the rail to read Dashboard again', async () => {
          last = String(await s.execute(`return document.querySelector('${D.navDashboard}')?.innerText ?? '';`));
          return last.includes('Dashboard') ? true : undefined;
        }, { timeoutMs: 10_000 }).catch((err) => {
          throw new Error(`${err.message}; it reads ${JSON.stringify(last)}`);
        });
      });
    }
  });
});
