// @ts-check
/**
 * End-to-end: the Triage queue and the review report in the real window. The queue is walked by
 * keyboard (j/k move the selection, Enter opens the reservation), an item is hidden with a reason
 * and shown again, and the CLI (`triage list --all`, `audit`) must see exactly that; the queue is
 * filtered to one customer and a hide is undone with u; then the
 * review report of the first item's customer opens from the customer page, in a sandboxed frame
 * with the customer's name, and the CLI writes the same report as CSV.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { limitWholeRun, startDesk } from './lib/harness.mjs';
import { SEL, firstPaint } from './lib/flows.mjs';
import { KEYS, waitUntil } from './lib/webdriver.mjs';

/** @typedef {import('./lib/harness.mjs').Desk} Desk */

const WHOLE_FILE_MS = 5 * 60_000;
limitWholeRun(WHOLE_FILE_MS);

const skip = process.platform !== 'linux' ? 'the WebDriver end-to-end tests run on Linux only' : false;

const REASON = 'Customer is migrating to savings plan';

const T = {
  navTriage: '[data-testid="nav-triage"]',
  item: '[data-testid="triage-item"]',
  /** @param {string} key */
  itemOf: (key) => `[data-testid="triage-item"][data-key="${key}"]`,
  report: '[data-testid="report"]',
  reportFrame: '[data-testid="report-frame"]',
  customerReport: '[data-testid="customer-report"]',
};

/** The same escaping the core's report applies to text (`&`, `<`, `>`, `"`, `'`). @param {string} s */
function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The triage items the window shows, in order: key, reservation, whether selected and hidden.
 * @param {Desk} d
 */
async function shownItems(d) {
  const rows = await d.s.query(T.item, { attrs: ['data-key', 'data-reservation-id', 'aria-selected', 'data-hidden', 'data-index'] });
  return rows
    .filter((r) => r.visible)
    .sort((a, b) => Number(a.attrs['data-index'] ?? 0) - Number(b.attrs['data-index'] ?? 0))
    .map((r) => ({
      el: r.el,
      key: r.attrs['data-key'] ?? '',
      reservationId: r.attrs['data-reservation-id'] ?? '',
      selected: r.attrs['aria-selected'] === 'true',
      hidden: r.attrs['data-hidden'],
      text: r.text,
    }));
}

/**
 * The key of the selected item, waiting until exactly one is selected.
 * @param {Desk} d
 * @param {string} [want] Wait until this key is the selected one.
 */
async function selectedKey(d, want) {
  /** @type {string[]} */
  let last = [];
  try {
    return await waitUntil(want ? `the triage item ${want} to be selected (aria-selected="true")` : 'one selected triage item', async () => {
      const sel = (await shownItems(d)).filter((i) => i.selected).map((i) => i.key);
      last = sel;
      if (sel.length !== 1) return undefined;
      return want === undefined || sel[0] === want ? sel[0] : undefined;
    }, { timeoutMs: 5_000 });
  } catch (err) {
    throw new Error(`${/** @type {Error} */ (err).message}; selected now: ${JSON.stringify(last)}, focus on ${await activeElement(d)}`);
  }
}

/**
 * Opens Triage from the navigation rail and waits for its items.
 * @param {Desk} d
 */
async function openTriage(d) {
  await (await d.s.waitFor(T.navTriage, 60_000)).click();
  return waitUntil('triage items ([data-testid="triage-item"]) after opening Triage from the rail', async () => {
    const items = await shownItems(d);
    return items.length > 0 ? items : undefined;
  }, { timeoutMs: 20_000 });
}

/** @param {Desk} d @returns {Promise<string>} */
async function activeElement(d) {
  return String(
    await d.s.execute(
      `const e = document.activeElement; return e ? e.tagName.toLowerCase() + (e.getAttribute('data-testid') ? '[data-testid=' + e.getAttribute('data-testid') + ']' : '') : '(none)';`,
    ),
  );
}

/** @param {Desk} d @returns {Promise<boolean>} whether the focus is inside the Triage view. */
async function focusInTriage(d) {
  return Boolean(await d.s.execute(`return !!document.activeElement?.closest('[data-testid="triage"]');`));
}

/** @param {Desk} d @param {string} key */
async function auditEntries(d, key) {
  // Oldest first (the CLI lists the newest first).
  return /** @type {any[]} */ (d.cliJson(['audit'])).filter((e) => e.subject === key).sort((a, b) => a.id - b.id);
}

describe('Triage queue (keyboard, hide with a reason, audit) and the review report', { skip, timeout: WHOLE_FILE_MS - 10_000 }, () => {
  /** @type {Desk | undefined} */
  let desk;
  /** The CLI's queue before anything was hidden. @type {any[]} */
  let queue = [];

  before(
    async () => {
      desk = await startDesk('triage');
      const d = desk;
      queue = await d.step('read the triage queue from the CLI', async () => {
        const q = d.cliJson(['triage', 'list']);
        assert.ok(Array.isArray(q.items) && q.items.length >= 3, `the demo portfolio's triage queue needs three items or more: ${JSON.stringify(q).slice(0, 300)}`);
        return q.items;
      });
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await desk?.stop();
  });

  test('walk the queue with j/k, open an item with Enter, hide it with a reason and show it again', { timeout: 150_000 }, async () => {
    assert.ok(desk && queue.length > 0, 'the app must have started and the CLI must have listed the queue');
    const d = desk;
    const s = d.s;

    const items = await d.step('open Triage from the rail', async () => {
      const shown = await openTriage(d);
      // The list is windowed (only the rows in view are in the page): they are the queue's head.
      const keys = shown.map((i) => i.key);
      assert.ok(keys.length >= 3, `at least three rows in view: ${JSON.stringify(keys)}`);
      assert.deepEqual(
        keys,
        queue.slice(0, keys.length).map((i) => i.key),
        'the window lists the CLI\'s queue in the CLI\'s order, most urgent first (both read one store)',
      );
      return shown;
    });

    const at = (/** @type {string} */ key) => items.findIndex((i) => i.key === key);
    let opened = '';
    await d.step('j, j, k move the selection; Enter opens the reservation', async () => {
      const start = await selectedKey(d);
      // Clicking the rail leaves the focus on its link, where j and k mean nothing: click into
      // the current item (its text, not its links or buttons) as a person would, then use keys.
      if (!(await focusInTriage(d))) {
        const why = (await s.query(`${T.itemOf(start)} [data-testid="triage-why"]`)).find((x) => x.visible);
        assert.ok(why, `the current item ${start} shows why it is in the queue ([data-testid="triage-why"])`);
        await why.el.click();
        await waitUntil('the focus to be in the triage list after clicking the current item', () => focusInTriage(d), { timeoutMs: 3_000 }).catch(
          async (err) => {
            throw new Error(`${err.message}; focus on ${await activeElement(d)}`);
          },
        );
        await selectedKey(d, start);
      }
      const i0 = at(start);
      assert.ok(i0 >= 0 && i0 + 2 < items.length, `the first selection (${start}) leaves room to move down twice`);
      await s.press(['j']);
      await selectedKey(d, items[i0 + 1]?.key);
      await s.press(['j']);
      await selectedKey(d, items[i0 + 2]?.key);
      await s.press(['k']);
      const now = await selectedKey(d, items[i0 + 1]?.key);
      const item = items[at(now)];
      assert.ok(item, `the selected key ${now} is one of the shown items`);
      assert.equal(item.reservationId, queue[at(now)].reservation.id, 'the item carries its reservation in data-reservation-id');
      opened = now;

      await s.press([KEYS.enter]);
      const want = `#/reservations/${item.reservationId}`;
      const hash = await waitUntil(`Enter to open the reservation page ${want}`, async () => {
        const h = String(await s.execute('return location.hash;'));
        return h === want || h.startsWith(`${want}/`) ? h : undefined;
      }, { timeoutMs: 10_000 }).catch(async (err) => {
        throw new Error(`${err.message}; the window is at ${await s.execute('return location.hash;')}, focus on ${await activeElement(d)}`);
      });
      assert.ok(hash.startsWith(want));
      await s.waitFor('[data-field="display_name"]', 20_000);
    });

    await d.step('back to Triage: the queue is there again', async () => {
      await s.execute('history.back();');
      await waitUntil('Triage to show again after going back', async () => (await shownItems(d)).length > 0, { timeoutMs: 15_000 }).catch(async () => {
        // History may not lead back (a fresh window): the rail does.
        await openTriage(d);
      });
    });

    await d.step('h hides the selected item after asking for a reason', async () => {
      // Select the item Enter opened (the view may have kept the selection, or started again at the top).
      let current = await selectedKey(d);
      for (let n = 0; current !== opened && n < items.length; n++) {
        await s.press([at(current) < at(opened) ? 'j' : 'k']);
        current = await selectedKey(d);
      }
      assert.equal(current, opened, 'j/k bring the selection back to the opened item');

      await s.press(['h']);
      const dialog = await s.waitFor('[data-testid="triage-hide-dialog"]', 10_000);
      const reason = await s.waitFor('[data-testid="triage-hide-reason"]');
      await waitUntil('the reason box to have the focus when the dialog opens', async () => (await activeElement(d)).includes('triage-hide-reason'), {
        timeoutMs: 3_000,
      }).catch(async () => {
        throw new Error(`the hide dialog opened without focus in its reason box (focus on ${await activeElement(d)})`);
      });
      await reason.type(REASON);
      await (await s.waitFor('[data-testid="triage-hide-confirm"]')).click();
      await waitUntil('the hide dialog to close', async () => !(await s.query('[data-testid="triage-hide-dialog"]')).some((x) => x.visible)).catch(
        async (err) => {
          throw new Error(`${err.message}; the dialog says: ${JSON.stringify((await dialog.text().catch(() => '')).slice(0, 300))}`);
        },
      );

      await waitUntil(`the hidden item ${opened} to leave the list`, async () => {
        const shown = await shownItems(d);
        return shown.length > 0 && !shown.some((i) => i.key === opened);
      }).catch(async (err) => {
        throw new Error(`${err.message}; shown: ${JSON.stringify((await shownItems(d)).map((i) => i.key))}`);
      });

      const all = d.cliJson(['triage', 'list', '--all']);
      const mine = /** @type {any[]} */ (all.items).find((i) => i.key === opened);
      assert.ok(mine, `\`rdesk triage list --all\` still lists ${opened}`);
      assert.equal(mine.hidden?.reason, REASON, 'the CLI sees the item hidden with the reason typed in the window');
      const visible = /** @type {any[]} */ (d.cliJson(['triage', 'list']).items).map((i) => i.key);
      assert.ok(!visible.includes(opened), '`rdesk triage list` (without --all) leaves the hidden item out');
      const audit = await auditEntries(d, opened);
      assert.ok(
        audit.some((e) => e.action === 'triage.hide'),
        `\`rdesk audit\` records triage.hide for ${opened}: ${JSON.stringify(audit)}`,
      );
    });

    await d.step('show hidden items, unhide it: it is back and the audit says so', async () => {
      const toggle = await s.waitFor('[data-testid="triage-show-hidden"]');
      await toggle.click();
      const row = await waitUntil(`the hidden item ${opened} to show with the hidden ones`, async () =>
        (await s.query(T.itemOf(opened))).find((r) => r.visible)?.el,
      );
      const unhide = await waitUntil('its Unhide button', async () =>
        (await s.query('[data-testid="triage-unhide"]', { within: row })).find((b) => b.visible)?.el,
      );
      await unhide.click();
      await waitUntil(`${opened} to be shown as not hidden`, async () => {
        const r = (await s.query(T.itemOf(opened), { attrs: ['data-hidden'] })).find((x) => x.visible);
        return r && r.attrs['data-hidden'] !== 'true';
      });
      const mine = /** @type {any[]} */ (d.cliJson(['triage', 'list']).items).find((i) => i.key === opened);
      assert.ok(mine && mine.hidden === null, `\`rdesk triage list\` lists ${opened} again, not hidden`);
      const audit = await auditEntries(d, opened);
      assert.deepEqual(
        audit.map((e) => e.action),
        ['triage.hide', 'triage.unhide'],
        `\`rdesk audit\` records the hide, then the unhide, of ${opened}`,
      );
      // Back to the plain queue: the item is in it again.
      await toggle.click();
      await waitUntil(`${opened} in the queue without hidden items`, async () =>
        (await shownItems(d)).some((i) => i.key === opened),
      );
    });

    await d.step('filter by customer: only that customer\'s items, as the CLI lists them; then hide one and undo it with u', async () => {
      const cli = /** @type {any[]} */ (d.cliJson(['triage', 'list']).items);
      const tenant = String(cli[0].reservation.customer_id);
      const theirs = cli.filter((i) => i.reservation.customer_id === tenant).map((i) => i.key);
      await s.execute(
        `const el = document.querySelector('[data-testid="triage-customer"]'); el.value = ${JSON.stringify(tenant)};
         el.dispatchEvent(new Event('change', { bubbles: true }));`,
      );
      await waitUntil('the queue to show only the chosen customer\'s items', async () => {
        const shown = (await shownItems(d)).map((i) => i.key);
        return shown.length > 0 && shown.every((k) => theirs.includes(k));
      }).catch(async (err) => {
        throw new Error(`${err.message}; shown ${JSON.stringify((await shownItems(d)).map((i) => i.key))}, the CLI's ${JSON.stringify(theirs)}`);
      });
      const first = (await shownItems(d))[0];
      assert.ok(first);
      await first.el.click();
      await s.press(['h']);
      await (await s.waitFor('[data-testid="triage-hide-reason"]')).type('Undone at once');
      await (await s.waitFor('[data-testid="triage-hide-confirm"]')).click();
      await waitUntil(`${first.key} to leave the filtered queue`, async () => !(await shownItems(d)).some((i) => i.key === first.key));
      assert.ok(
        /** @type {any[]} */ (d.cliJson(['triage', 'list', '--all']).items).find((i) => i.key === first.key)?.hidden,
        'the CLI sees it hidden',
      );
      // u, right after the hide, undoes it (the toast offers the same as Undo).
      await s.press(['u']);
      await waitUntil(`${first.key} to be back after u`, async () => (await shownItems(d)).some((i) => i.key === first.key));
      await waitUntil('the CLI to see it back in the queue', async () =>
        /** @type {any[]} */ (d.cliJson(['triage', 'list']).items).some((i) => i.key === first.key),
      );
      await s.execute(
        `const el = document.querySelector('[data-testid="triage-customer"]'); el.value = '';
         el.dispatchEvent(new Event('change', { bubbles: true }));`,
      );
    });

    await d.step('a renewal into a never-exchangeable reservation: its kind lists it as the CLI does, and r opens the Renew plan', async () => {
      const cli = /** @type {any[]} */ (d.cliJson(['triage', 'list']).items).filter((i) => i.kind === 'renews_not_exchangeable');
      assert.ok(cli.length > 0, 'the demo has a reservation renewing on or after the exchange cut-over within 90 days');
      await (await s.waitFor('[data-testid="triage-kind"][data-kind="renews_not_exchangeable"]')).click();
      await waitUntil('only renewals into never-exchangeable reservations', async () => {
        const shown = await shownItems(d);
        return shown.length === cli.length && shown.every((i) => i.key.startsWith('renews_not_exchangeable:'));
      });
      const [first] = await shownItems(d);
      assert.ok(first && /can never be exchanged/.test(first.text), first?.text);
      await first.el.click();
      await s.press(['r']);
      await s.waitFor('[data-testid="renew-sheet"]', 20_000);
      await s.execute('history.back();');
      await openTriage(d).catch(() => undefined);
      await (await s.waitFor('[data-testid="triage-kind"][data-kind="all"]', 20_000)).click();
    });
  });

  test('the customer page opens the review report in a sandboxed frame; the CLI writes it as CSV', { timeout: 120_000 }, async () => {
    assert.ok(desk && queue.length > 0, 'the app must have started and the CLI must have listed the queue');
    const d = desk;
    const s = d.s;
    const first = queue[0].reservation;
    const tenant = String(first.customer_id);
    const name = String(first.customer_name);

    await d.step(`open the customer ${name} from the customer list`, async () => {
      const search = await firstPaint(d);
      await search.clear();
      await search.type(name);
      const row = await waitUntil(`the customer row of ${name} (${tenant})`, async () =>
        (await s.query(SEL.customerRowOf(tenant))).find((r) => r.visible)?.el,
      );
      await row.click();
      await s.waitFor(T.customerReport, 20_000);
    });

    await d.step('Review report shows the core\'s page in a sandboxed frame', async () => {
      await (await s.waitFor(T.customerReport)).click();
      await s.waitFor(T.report, 20_000);
      const hash = String(await s.execute('return location.hash;'));
      assert.equal(hash, `#/customers/${tenant}/report`, 'the report has its own address');
      await s.waitFor(T.reportFrame, 30_000);
      /** @type {{ srcdoc: string, sandbox: string | null }} */
      const frame = await s.execute(
        `const f = document.querySelector('[data-testid=report-frame]'); return { srcdoc: f.srcdoc, sandbox: f.getAttribute('sandbox') };`,
      );
      assert.equal(frame.sandbox, '', 'the frame runs no scripts and has no same-origin access (sandbox="")');
      assert.ok(frame.srcdoc.includes('Reservation review'), `the report page says what it is: ${frame.srcdoc.slice(0, 200)}`);
      assert.ok(frame.srcdoc.includes(escapeHtml(name)), `the report names the customer (${escapeHtml(name)})`);
      for (const id of ['report-save-html', 'report-save-csv']) {
        const b = await s.waitFor(`[data-testid="${id}"]`);
        assert.equal(await b.attribute('disabled'), null, `${id} is enabled once the report is shown`);
      }
    });

    await d.step('`rdesk report --format csv` writes the same customer\'s report', async () => {
      const out = path.join(d.tmp, 'r.csv');
      d.cli(['report', '--customer', tenant, '--format', 'csv', '--out', out]);
      const text = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '');
      const header = text.split(/\r?\n/)[0] ?? '';
      assert.ok(header.startsWith('customer,tenant_id,reservation_id'), `CSV header: ${header}`);
      assert.ok(text.includes(tenant), 'the CSV rows carry the tenant ID');
    });
  });
});
