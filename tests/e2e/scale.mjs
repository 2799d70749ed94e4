// @ts-check
/**
 * By hand: the real window on the portfolio (5,000 customers, 50,000 reservations, 365
 * days of utilization). Times, in the window, what a user waits for: the Dashboard after launch,
 * a customer-search keystroke, opening a customer, opening Triage, opening the list of every
 * active reservation, and scrolling that list (frame times). Prints the numbers; asserts none.
 *
 *   cargo build -p reservation-desk -p desk && (cd ui && npm run build) && bash .ci/bench-window.sh
 *
 * `.ci/bench-window.sh` prepares the store with the release `rdesk demo` and passes its path as
 * the first argument.
 */

import { limitWholeRun, startDesk } from './lib/harness.mjs';
import { waitUntil } from './lib/webdriver.mjs';

limitWholeRun(10 * 60_000);

const store = process.argv[2];
if (!store) {
  console.error('usage: node tests/e2e/scale.mjs STORE.sqlite3 (see .ci/bench-window.sh)');
  process.exit(2);
}

/** @param {number[]} xs @param {number} q */
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round((s.length - 1) * q))] ?? NaN;
};
const fmt = (/** @type {number} */ ms) => `${ms.toFixed(1)} ms`;

/** @type {Array<[string, string]>} */
const results = [];
const desk = await startDesk('scale', { copyDb: store });
let failed = false;
try {
  const s = desk.s;
  await desk.step('measure', async () => {
    const t0 = Date.now();
    await s.waitFor('[data-testid="dashboard"] [data-testid="dash-active"]', 120_000);
    results.push(['Dashboard figures after the window opened', fmt(Date.now() - t0)]);

    // The same view again (the figures are kept; a revisit is what users do all day).
    await s.execute(`location.hash = '#/customers'`);
    await s.waitFor('[data-testid="customer-row"]', 60_000);
    const back = Date.now();
    await s.execute(`location.hash = '#/dashboard'`);
    await s.waitFor('[data-testid="dashboard"] [data-testid="dash-active"]', 30_000);
    results.push(['Dashboard again (navigate → figures shown)', fmt(Date.now() - back)]);

    // Search keystrokes, timed in the page from the input event to the next painted frame.
    await s.execute(`location.hash = '#/customers'`);
    await s.waitFor('[data-testid="customer-search"]', 30_000);
    /** @type {number[]} */
    const keystrokes = [];
    /** @type {number[]} */
    const updates = [];
    /** @type {number[]} */
    const scripts = [];
    for (const q of ['c', 'co', 'con', 'cont', 'conto', 'contos', 'contoso', 'contos', 'conto', 'cont', 'con', 'co', 'c', '']) {
      const [update, frame, script] = /** @type {[number, number, number]} */ (
        await s.execute(
          `const input = document.querySelector('[data-testid="customer-search"]');
           const start = performance.now();
           input.value = arguments[0];
           input.dispatchEvent(new Event('input', { bubbles: true }));
           return new Promise((done) => setTimeout(() => {
             const updated = performance.now() - start;
             void document.body.offsetHeight; // layout included
             const laid = performance.now() - start;
             requestAnimationFrame(() => done([laid, performance.now() - start, updated]));
           }, 0));`,
          [q],
        )
      );
      updates.push(update);
      scripts.push(script);
      keystrokes.push(frame);
    }
    if (process.env.RDESK_SCALE_VERBOSE) {
      console.log('keystrokes, script only (ms):', scripts.map((u) => u.toFixed(1)).join(' '));
      console.log('keystrokes, with layout (ms):', updates.map((u) => u.toFixed(1)).join(' '));
    }
    results.push([
      `Search keystroke: filter + render + layout (${updates.length} keys)`,
      `median ${fmt(quantile(updates, 0.5))}, max ${fmt(Math.max(...updates))}`,
    ]);
    results.push([
      `Search keystroke: until the next frame starts`,
      `median ${fmt(quantile(keystrokes, 0.5))}, max ${fmt(Math.max(...keystrokes))}`,
    ]);

    const rows = await s.query('[data-testid="customer-row"]', { attrs: ['data-tenant-id'] });
    const tenant = rows[Math.floor(rows.length / 2)]?.attrs['data-tenant-id'];
    const open = Date.now();
    await s.execute(`location.hash = '#/customers/${tenant}'`);
    await s.waitFor('[data-testid="reservation-row"]', 30_000);
    results.push(['Open a customer (navigate → reservations shown)', fmt(Date.now() - open)]);

    const triage = Date.now();
    await s.execute(`location.hash = '#/triage'`);
    await s.waitFor('[data-testid="triage-item"]', 60_000);
    const total = await s.execute(`return document.querySelector('[data-testid="triage"]')?.innerText.match(/([\\d,]+) items/)?.[1] ?? '?';`);
    results.push([`Open Triage (${total} items)`, fmt(Date.now() - triage)]);

    const list = Date.now();
    await s.execute(`location.hash = '#/review/active'`);
    await s.waitFor('[data-testid="review-row"]', 60_000);
    const count = await waitUntil('the review count', async () => {
      const v = await s.execute(`return document.querySelector('[data-testid="review-count"]')?.innerText ?? '';`);
      return v ? v : undefined;
    });
    results.push([`Open the list of all active reservations (${count})`, fmt(Date.now() - list)]);

    // Scroll that list: at wheel speed (96 px, three rows, per frame) and by dragging the
    // scrollbar from top to bottom in 240 frames (every frame shows all-new rows). Every frame timed.
    for (const [label, mode] of [
      ['Scroll it at wheel speed (96 px per frame, 240 frames)', 'wheel'],
      ['Drag its scrollbar top to bottom (240 frames, all-new rows each)', 'drag'],
    ]) {
      const frames = /** @type {number[]} */ (
        await s.execute(
          `const table = document.querySelector('[data-testid="review-table"]') ?? document.querySelector('[data-testid="review-list"]');
           const scroller = [table, ...table.querySelectorAll('*')].find((e) => e.scrollHeight > e.clientHeight + 100);
           if (!scroller) return [];
           scroller.scrollTop = 0;
           const steps = 240, span = scroller.scrollHeight - scroller.clientHeight;
           const at = (i) => (arguments[0] === 'wheel' ? 96 * i : (span * i) / steps);
           return new Promise((done) => {
             const times = []; let i = 0; let last = performance.now();
             const tick = (now) => {
               times.push(now - last); last = now;
               if (++i > steps) return done(times.slice(1));
               scroller.scrollTop = at(i);
               requestAnimationFrame(tick);
             };
             requestAnimationFrame(tick);
           });`,
          [mode],
        )
      );
      if (frames.length > 0) {
        const slow = frames.filter((f) => f > 33.4).length;
        results.push([
          label,
          `median frame ${fmt(quantile(frames, 0.5))}, p95 ${fmt(quantile(frames, 0.95))}, ${slow} of ${frames.length} over 33 ms`,
        ]);
      }
    }
  });
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await desk.stop();
}
for (const [what, value] of results) console.log(`${what.padEnd(62)} ${value}`);
process.exit(failed ? 1 : 0);
