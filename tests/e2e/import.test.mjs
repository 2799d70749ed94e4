// @ts-check
/**
 * End-to-end: the Import view in the real window. A truncated file is refused with its file and
 * line and writes nothing; a Partner Center customers list whose names are hostile HTML and a
 * spreadsheet formula imports, the report counts the customers, the names show as plain text in
 * the customer list (no markup runs), a name carrying terminal escapes and a right-to-left override
 * shows them as visible placeholders (stored exactly), and importing the same file again changes
 * nothing.
 */

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { limitWholeRun, startDesk } from './lib/harness.mjs';
import { SEL, firstPaint } from './lib/flows.mjs';
import { waitUntil } from './lib/webdriver.mjs';

/** @typedef {import('./lib/harness.mjs').Desk} Desk */

const WHOLE_FILE_MS = 5 * 60_000;
limitWholeRun(WHOLE_FILE_MS);

const skip = process.platform !== 'linux' ? 'the WebDriver end-to-end tests run on Linux only' : false;

const HOSTILE = '<img src=x onerror="window.__rdeskXss=1"><script>window.__rdeskXss=2</script> Hostile Ltd';
const FORMULA = "=cmd|' /C calc'!A0";
const T1 = '5d1f3e2a-8b7c-4d6e-9f0a-1b2c3d4e5f60';
const T2 = '6e2a4f3b-9c8d-4e7f-8a1b-2c3d4e5f6071';
const T3 = '7f3b5a4c-ad9e-4f80-9b2c-3d4e5f607182';
// Terminal escapes (retitle, clear), BEL, a C1 CSI, a right-to-left override and an isolate, and a
// zero-width joiner (which stays: names use it).
const CONTROLS = 'Bidi\u001b]0;pwned\u0007\u001b[2J Ltd \u009b31m \u202eevil\u2066x\u2069 👩\u200d💻';
const SHOWN = 'Bidi\\u{1b}]0;pwned\\u{7}\\u{1b}[2J Ltd \\u{9b}31m \\u{202e}evil\\u{2066}x\\u{2069} 👩\u200d💻';
/** Characters that must never reach the page raw (C0/C1 controls but newline and tab, bidi overrides and isolates). */
// eslint-disable-next-line no-control-regex
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A Partner Center customers list with the two hostile names. */
function customersJson() {
  const item = (/** @type {string} */ id, /** @type {string} */ name, /** @type {string} */ domain) => ({
    id,
    companyProfile: { tenantId: id, domain, companyName: name },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  });
  return JSON.stringify(
    {
      totalCount: 3,
      items: [
        item(T1, HOSTILE, 'hostile.onmicrosoft.com'),
        item(T2, FORMULA, 'formula.onmicrosoft.com'),
        item(T3, CONTROLS, 'controls.onmicrosoft.com'),
      ],
      attributes: { objectType: 'Collection' },
    },
    null,
    2,
  );
}

/**
 * Adds one file by typing its path, starts the import and returns when an outcome shows.
 * @param {Desk} d
 * @param {string} file
 */
async function importByPath(d, file) {
  const s = d.s;
  for (const row of (await s.query('[data-testid="import-file-remove"]')).filter((r) => r.visible)) await row.el.click();
  const input = await s.waitFor('[data-testid="import-path-input"]');
  await input.clear();
  await input.type(file);
  await (await s.waitFor('[data-testid="import-add-path"]')).click();
  await waitUntil(`the file row for ${path.basename(file)}`, async () =>
    (await s.query('[data-testid="import-file-row"]')).find((r) => r.visible && r.text.includes(path.basename(file))),
  );
  await (await s.waitFor('[data-testid="import-start"]')).click();
  return waitUntil(
    'an import outcome (report, problems or cancelled)',
    async () =>
      (await s.query('[data-testid="import-report"], [data-testid="import-problems"], [data-testid="import-cancelled"]')).find(
        (r) => r.visible,
      ),
    { timeoutMs: 60_000 },
  );
}

describe('Import view: located errors, hostile names as text, idempotent re-import', { skip, timeout: WHOLE_FILE_MS - 10_000 }, () => {
  /** @type {Desk | undefined} */
  let desk;

  before(
    async () => {
      desk = await startDesk('import');
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await desk?.stop();
  });

  test('a truncated file is refused with file and line; a hostile-named customers list imports as text; again changes nothing', { timeout: 200_000 }, async () => {
    assert.ok(desk, 'the app must have started');
    const d = desk;
    const s = d.s;
    const good = path.join(d.tmp, 'customers.json');
    const bad = path.join(d.tmp, 'truncated.json');
    fs.writeFileSync(good, customersJson());
    fs.writeFileSync(bad, customersJson().slice(0, 180));
    const before = d.cliJson(['customers']).length;

    await d.step('open the Import view', async () => {
      await firstPaint(d);
      await (await s.waitFor('[data-testid="nav-import"]')).click();
      await s.waitFor('[data-testid="import-view"]');
    });

    await d.step('the truncated file: problems with file and line, nothing written', async () => {
      await importByPath(d, bad);
      const problems = await waitUntil('a listed problem', async () => {
        const rows = (await s.query('[data-testid="import-problem"]')).filter((r) => r.visible);
        return rows.length > 0 ? rows : undefined;
      });
      assert.match(problems[0].text, /truncated\.json/, problems[0].text);
      assert.match(problems[0].text, /:\d+|line \d+/, `the problem names the line: ${problems[0].text}`);
      assert.equal(d.cliJson(['customers']).length, before, 'a refused import writes nothing');
    });

    await d.step('the customers list imports and the report counts three added customers', async () => {
      await importByPath(d, good);
      const added = await waitUntil('the customers row of the report', async () =>
        (await s.query('[data-testid="import-entity-row"][data-entity="customers"] [data-col="added"]')).find((r) => r.visible),
      );
      assert.equal(added.text, '3');
      const names = /** @type {any[]} */ (d.cliJson(['customers'])).map((c) => c.name);
      assert.ok(names.includes(HOSTILE) && names.includes(FORMULA) && names.includes(CONTROLS), 'the names are stored exactly as written');
    });

    await d.step('the hostile names show as text in the customer list; no markup ran', async () => {
      await (await s.waitFor(SEL.navCustomers)).click();
      const search = await s.waitFor(SEL.search);
      await search.clear();
      await search.type('hostile');
      const row = await waitUntil('the hostile customer row', async () =>
        (await s.query(SEL.customerRowOf(T1))).find((r) => r.visible),
      );
      assert.ok(row.text.includes(HOSTILE), `shown literally: ${JSON.stringify(row.text)}`);
      const injected = await s.execute(
        `return { xss: window.__rdeskXss ?? null, imgs: document.querySelectorAll('[data-testid="customer-row"] img').length };`,
      );
      assert.deepEqual(injected, { xss: null, imgs: 0 }, 'nothing from the name was parsed as HTML');
      await search.clear();
      await search.type('formula');
      const formula = await waitUntil('the formula customer row', async () =>
        (await s.query(SEL.customerRowOf(T2))).find((r) => r.visible),
      );
      assert.ok(formula.text.includes(FORMULA), `shown literally: ${JSON.stringify(formula.text)}`);
    });

    await d.step('control and bidi characters show as visible placeholders, nowhere raw', async () => {
      const search = await s.waitFor(SEL.search);
      await search.clear();
      await search.type('bidi');
      const row = await waitUntil('the customer row with controls', async () =>
        (await s.query(SEL.customerRowOf(T3))).find((r) => r.visible),
      );
      assert.ok(row.text.includes(SHOWN), `shown with placeholders: ${JSON.stringify(row.text)}`);
      const page = /** @type {{ text: string, titles: string[] }} */ (
        await s.execute(
          `return { text: document.body.textContent || '', titles: [...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title') || '') };`,
        )
      );
      for (const text of [page.text, ...page.titles]) {
        assert.ok(!RAW_UNSAFE.test(text), `no raw control or bidi character in the page: ${JSON.stringify(text.slice(0, 200))}`);
      }
      assert.ok(page.text.includes('\\u{202e}evil'), 'the override is visible as its placeholder');
    });

    await d.step('importing the same file again changes nothing and says so', async () => {
      await (await s.waitFor('[data-testid="nav-import"]')).click();
      await s.waitFor('[data-testid="import-view"]');
      await importByPath(d, good);
      const summary = await waitUntil('the summary banner', async () =>
        (await s.query('[data-testid="import-summary"]')).find((r) => r.visible && /nothing changed/i.test(r.text)),
      );
      assert.match(summary.text, /nothing changed/i);
      const unchanged = await s.waitFor('[data-testid="import-entity-row"][data-entity="customers"] [data-col="unchanged"]');
      assert.equal((await unchanged.text()).trim(), '3');
    });
  });
});
