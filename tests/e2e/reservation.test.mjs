// @ts-check
/**
 * End-to-end: the real Reservation Desk window (debug build) under Xvfb, driven over WebDriver
 * by tauri-driver, on a store the `rdesk` CLI made. Run: `node --test tests/e2e/` after
 * `cargo build -p reservation-desk -p desk` and `npm run build` in ui/ (.ci/test-all.sh does all).
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readClipboard, startDesk, limitWholeRun } from './lib/harness.mjs';
import { OVERVIEW_FIELDS, SEL, TAB_TITLES, asDataValue, chooseCase, openReservation, overviewFields } from './lib/flows.mjs';
import { waitUntil } from './lib/webdriver.mjs';

/** @typedef {import('./lib/harness.mjs').Desk} Desk */
/** @typedef {import('./lib/flows.mjs').Case} Case */

const WHOLE_FILE_MS = 5 * 60_000;
limitWholeRun(WHOLE_FILE_MS);

const skip = process.platform !== 'linux' ? 'the WebDriver end-to-end tests run on Linux only' : false;

describe('Reservation Desk window', { skip, timeout: WHOLE_FILE_MS - 10_000 }, () => {
  /** @type {Desk | undefined} */
  let desk;
  /** @type {Case | undefined} */
  let wanted;
  let reservationOpen = false;

  before(
    async () => {
      desk = await startDesk('reservation');
      wanted = await desk.step('choose a customer and a reservation from the CLI', async () => chooseCase(/** @type {Desk} */ (desk)));
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await desk?.stop();
  });

  /** @returns {{ d: Desk, c: Case }} */
  const ready = () => {
    assert.ok(desk && wanted, 'the app must have started and the CLI must have named a customer and a reservation');
    return { d: desk, c: wanted };
  };

  test('find a customer by search and open a reservation; Overview shows exactly the CLI\'s values', { timeout: 90_000 }, async () => {
    const { d, c } = ready();
    await d.step('overview', async () => {
      const panel = await openReservation(d, c);
      reservationOpen = true;

      /** @type {Record<string, string>} */
      const expected = {};
      for (const key of OVERVIEW_FIELDS) expected[key] = asDataValue(c.reservation[key]);

      /** @type {Record<string, string>} */
      let shown = {};
      /** @type {string[]} */
      let blank = [];
      // The view may fill in after the first paint, so read until it agrees or the time is up.
      await waitUntil(
        'the Overview to show the CLI\'s values',
        async () => {
          const fields = await overviewFields(d, panel);
          shown = {};
          blank = [];
          for (const key of OVERVIEW_FIELDS) {
            const f = fields.get(key);
            shown[key] = !f ? '(no [data-field] element)' : (f.value ?? '(no data-value attribute)');
            if (f && f.text === '') blank.push(key);
          }
          return OVERVIEW_FIELDS.every((k) => shown[k] === expected[k]) && blank.length === 0;
        },
      ).catch(() => undefined);
      assert.deepEqual(shown, expected, 'each Overview field must carry, in data-value, exactly what `rdesk show --json` says: both read one store');
      assert.deepEqual(blank, [], 'every Overview field must show some visible text, even for an empty value (a dash)');
      const right = (await overviewFields(d, panel)).get('exchange_right');
      assert.equal(right?.value, c.reservation.exchange_right?.state, 'the Overview shows the exchange right `rdesk show --json` gives');
      assert.ok(right?.text, 'in words');

      const tabs = (await d.s.query(SEL.tabs)).filter((t) => t.visible).map((t) => t.text);
      assert.deepEqual(tabs, TAB_TITLES, 'the reservation page must offer the portal\'s tabs, in the portal\'s order');
    });
  });

  test('Properties\' copy button puts the reservation ID on the system clipboard', { timeout: 90_000 }, async () => {
    const { d, c } = ready();
    await d.step('copy reservation id', async () => {
      // Test 1 leaves the reservation open; open it again if it did not get that far.
      const onIt = reservationOpen && (await d.s.query(SEL.tabProperties)).some((t) => t.visible);
      if (!onIt) await openReservation(d, c);
      await (await d.s.waitFor(SEL.tabProperties)).click();
      await (await d.s.waitFor(SEL.copyId)).click();
      /** @type {string | undefined} */
      let clip;
      await waitUntil(
        'the X clipboard to hold the reservation ID',
        async () => {
          clip = readClipboard(d);
          return clip === c.reservation.id;
        },
        { timeoutMs: 5_000, intervalMs: 200 },
      ).catch(() => undefined);
      assert.equal(clip, c.reservation.id, 'the copy button must put exactly the reservation ID on the clipboard, to paste into a ticket or `az`');
    });
  });
});
