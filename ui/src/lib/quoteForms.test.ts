import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PolicyValue, ReservationView, TicketView } from '../api/desk';
import { reservationFixture } from '../test/fixtures';
import { isPlainDecimal, parseDecimal, ratioPermille, shiftDecimal } from './decimal';
import { addableReservations, buildExchangeRequest, catalogFor, catalogOrigin, emptyLine, lineFromCatalog, priceProblem, type PurchaseLine } from './exchangeForm';
import { formatDaysOf, formatIdleHint, formatRate, formatUsd, formatWholePercent, isZeroRate } from './format';
import { formatPolicyValue, isInForce, sortPolicy, valuesInForce } from './policy';
import { Quoter, type QuoteState } from './quoter';
import { checkRefundInputs, howLinesFor } from './refundForm';
import { allowedMoves, countByFilter, fieldMessage, filterTickets, stepOfField } from './tickets';

describe('rates and figures', () => {
  it('writes fee rates as percent with a space', () => {
    expect(formatRate('0')).toBe('0 %');
    expect(formatRate('0.12')).toBe('12 %');
    expect(formatRate('0.125')).toBe('12.5 %');
    expect(formatRate('1')).toBe('100 %');
    expect(formatRate('abc')).toBe('abc');
    expect(isZeroRate('0.00')).toBe(true);
    expect(isZeroRate('0.12')).toBe(false);
  });

  it('writes days, USD and idle hints', () => {
    expect(formatDaysOf(620, 1096)).toBe('620 of 1,096 days');
    expect(formatUsd('47600')).toBe('47,600.00 USD');
    expect(formatWholePercent('61.7')).toBe('62 %');
    expect(formatIdleHint('62', 3)).toBe('30-day use 62 % — about 3 units idle');
    expect(formatIdleHint('99.6', 0)).toBe('30-day use 100 % — no idle units');
    expect(formatIdleHint(null, 0)).toBe('No 30-day utilization reported yet');
  });

  it('shifts and compares decimals without floats', () => {
    expect(shiftDecimal(parseDecimal('0.5')!, 2)).toEqual({ negative: false, int: '50', frac: '' });
    expect(ratioPermille('12500', '50000')).toBe(250);
    expect(ratioPermille('0.1', '0.3')).toBe(333);
    expect(ratioPermille('60000', '50000')).toBe(1000);
    expect(ratioPermille('1', '0')).toBeNull();
    expect(isPlainDecimal('1200.50')).toBe(true);
    expect(isPlainDecimal('1,200')).toBe(false);
    expect(isPlainDecimal('-3')).toBe(false);
  });
});

describe('refund form', () => {
  it('accepts whole units within the holding and a real date', () => {
    expect(checkRefundInputs(3, '2025-11-24', 4)).toEqual({ ok: true, quantity: 3, on: '2025-11-24' });
  });

  it('says what is wrong with the quantity or the date', () => {
    expect(checkRefundInputs(null, '2025-11-24', 4)).toMatchObject({ ok: false, field: 'quantity' });
    expect(checkRefundInputs(0, '2025-11-24', 4)).toMatchObject({ ok: false, field: 'quantity' });
    expect(checkRefundInputs(5, '2025-11-24', 4)).toMatchObject({ ok: false, field: 'quantity' });
    expect(checkRefundInputs(1.5, '2025-11-24', 4)).toMatchObject({ ok: false, field: 'quantity' });
    expect(checkRefundInputs(1, '2025-02-30', 4)).toMatchObject({ ok: false, field: 'date' });
    expect(checkRefundInputs(1, '2023-01-01', 4, '2023-07-21')).toMatchObject({ ok: false, field: 'date' });
  });

  it('picks the how lines of each figure', () => {
    const how = ['Term days T = 1096', 'Price per unit U = 1', 'Canceled commitment C = 2', 'Early-termination fee = 0', 'Refund limit: 50000'];
    expect(howLinesFor(how, 'term')).toEqual(['Term days T = 1096']);
    expect(howLinesFor(how, 'commitment')).toHaveLength(2);
    expect(howLinesFor(how, 'refund')).toEqual(['Early-termination fee = 0']);
    expect(howLinesFor(how, 'limit')).toEqual(['Refund limit: 50000']);
  });
});

describe('Quoter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a pause, asks once, and keeps the old figures while busy', async () => {
    const asked: number[] = [];
    const states: QuoteState<string>[] = [];
    const q = new Quoter<number, string>(async (n) => (asked.push(n), `quote ${n}`), (s) => states.push(s), 300);
    q.request(1);
    q.request(2);
    expect(states.at(-1)?.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(300);
    expect(asked).toEqual([2]);
    expect(states.at(-1)).toEqual({ result: 'quote 2', error: null, busy: false });
    q.request(3);
    expect(states.at(-1)).toEqual({ result: 'quote 2', error: null, busy: true });
  });

  it('never lets an older answer overwrite a newer one', async () => {
    let release: (v: string) => void = () => {};
    const states: QuoteState<string>[] = [];
    const q = new Quoter<number, string>(
      (n) => (n === 1 ? new Promise<string>((r) => (release = r)) : Promise.resolve(`quote ${n}`)),
      (s) => states.push(s),
      0,
    );
    q.request(1, true);
    q.request(2, true);
    await vi.advanceTimersByTimeAsync(0);
    release('quote 1');
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)?.result).toBe('quote 2');
  });

  it('keeps the last figures and reports the failure', async () => {
    const states: QuoteState<string>[] = [];
    let fail = false;
    const q = new Quoter<number, string>(async (n) => {
      if (fail) throw new Error('bad');
      return `quote ${n}`;
    }, (s) => states.push(s), 0);
    q.request(1, true);
    await vi.advanceTimersByTimeAsync(0);
    fail = true;
    q.request(2, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)?.result).toBe('quote 1');
    expect(states.at(-1)?.error).toBeInstanceOf(Error);
  });
});

describe('exchange form', () => {
  const r = reservationFixture();
  const line = (over: Partial<PurchaseLine> = {}): PurchaseLine => ({ ...emptyLine(1, 'EUR', r), sku: 'Standard_D8s_v5', unit_price: '2400', ...over });

  it('builds the request, sending null for "all units"', () => {
    const check = buildExchangeRequest([{ reservation: r, quantity: 4 }], [line()], '2025-11-24');
    expect(check).toEqual({
      ok: true,
      request: {
        returns: [{ reservation_id: r.id, quantity: null }],
        purchases: [{ sku: 'Standard_D8s_v5', region: 'westeurope', term: 'P3Y', quantity: 1, unit_price: '2400', currency: 'EUR' }],
        on: '2025-11-24',
      },
    });
  });

  it('reads a price in the locale’s own format exactly, and says at the field when it cannot', () => {
    for (const typed of ['2,400.00', '2 400,00', '2.400,00']) {
      const check = buildExchangeRequest([{ reservation: r, quantity: 4 }], [line({ unit_price: typed })], null);
      expect(check.ok && check.request.purchases[0]?.unit_price, typed).toBe('2400.00');
    }
    expect(priceProblem('2 400,00')).toBeNull();
    expect(priceProblem('')).toBeNull();
    expect(priceProblem('2,40,0')).toContain('Not an amount');
    expect(priceProblem('-3')).toContain('negative');
  });

  it('lists what is missing instead of sending a half plan', () => {
    const check = buildExchangeRequest([{ reservation: r, quantity: 9 }], [line({ sku: '', unit_price: '1,2,00' })], null);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problems.join(' ')).toContain('from 1 to 4');
      expect(check.problems.join(' ')).toContain('enter the SKU');
      expect(check.problems.join(' ')).toContain('price per unit');
    }
    expect(buildExchangeRequest([{ reservation: r, quantity: 1 }], [], null)).toMatchObject({ ok: false });
  });

  it('offers only other active reservations and catalog prices in the billing currency', () => {
    const all: ReservationView[] = [
      r,
      reservationFixture({ id: 'b', display_name: 'B', status: 'Expired' }),
      reservationFixture({ id: 'c', display_name: 'A', status: 'Expiring' }),
    ];
    expect(addableReservations(all, [{ reservation: r, quantity: 1 }]).map((x) => x.id)).toEqual(['c']);
    const entries = [
      { sku: 'b', region: 'x', term: 'P1Y' as const, resource_type: 'VirtualMachines' as const, unit_price: '1', currency: 'EUR' },
      { sku: 'a', region: 'x', term: 'P1Y' as const, resource_type: 'VirtualMachines' as const, unit_price: '1', currency: 'USD' },
    ];
    expect(catalogFor(entries, 'EUR').map((e) => e.sku)).toEqual(['b']);
  });
});

describe('policy', () => {
  const values: PolicyValue[] = [
    { key: 'early_termination_fee_rate', value: '0', effective_from: '2022-10-10', source: 'a' },
    { key: 'early_termination_fee_rate', value: '0.12', effective_from: '2027-01-01', source: 'b' },
    { key: 'refund_limit_usd', value: '50000', effective_from: '2022-10-10', source: 'c' },
  ];

  it('marks the value in force today, not the upcoming one', () => {
    expect(valuesInForce(values, '2025-11-24').map((v) => v.value).sort()).toEqual(['0', '50000']);
    expect(isInForce(values[1]!, values, '2025-11-24')).toBe(false);
    expect(isInForce(values[1]!, values, '2027-01-01')).toBe(true);
  });

  it('orders by key, newest first, and reads values in words', () => {
    expect(sortPolicy(values).map((v) => v.value)).toEqual(['50000', '0.12', '0']);
    expect(formatPolicyValue('early_termination_fee_rate', '0.12')).toBe('12 %');
    expect(formatPolicyValue('refund_window_days', '365')).toBe('365 days');
    expect(formatPolicyValue('refund_limit_usd', '50000')).toBe('50,000.00 USD');
    expect(formatPolicyValue('non_refundable_types', 'RedHat,SuseLinux')).toBe('RedHat, SuseLinux');
  });
});

describe('tickets', () => {
  const t = (id: number, status: TicketView['status']) => ({ id, status }) as TicketView;
  const list = [t(1, 'draft'), t(2, 'submitted'), t(3, 'resolved'), t(4, 'cancelled')];

  it('filters and counts by status, "open" being drafts and submitted', () => {
    expect(filterTickets(list, 'open').map((x) => x.id)).toEqual([1, 2]);
    expect(filterTickets(list, 'resolved').map((x) => x.id)).toEqual([3]);
    expect(countByFilter(list)).toEqual({ all: 4, open: 2, draft: 1, submitted: 1, resolved: 1, cancelled: 1 });
  });

  it('allows the moves the core allows', () => {
    expect(allowedMoves('draft')).toEqual({ submit: true, resolve: false, cancel: true });
    expect(allowedMoves('submitted')).toEqual({ submit: false, resolve: true, cancel: true });
    expect(allowedMoves('resolved')).toEqual({ submit: false, resolve: false, cancel: false });
  });

  it('finds the step of a field and words its message', () => {
    expect(stepOfField('email')).toBe(3);
    expect(stepOfField('contact.phone')).toBe(3);
    expect(stepOfField('summary')).toBe(2);
    expect(stepOfField('status')).toBeNull();
    expect(fieldMessage('email: expected an email address such as name@contoso.com (found "x")', 'email')).toBe(
      'Expected an email address such as name@contoso.com.',
    );
    expect(fieldMessage('Something else went wrong', null)).toBe('Something else went wrong.');
  });
});

describe('a purchase priced from the catalog', () => {
  it('carries the price’s source and date until the user types another price', () => {
    const line = lineFromCatalog(1, {
      sku: 'Standard_D4s_v5',
      region: 'westeurope',
      term: 'P3Y',
      resource_type: 'VirtualMachines',
      unit_price: '2890.12',
      currency: 'USD',
      source: 'retail',
      priced_on: '2026-11-24',
    });
    expect(catalogOrigin(line)).toEqual({ source: 'retail', priced_on: '2026-11-24', unit_price: '2890.12' });
    expect(catalogOrigin({ ...line, unit_price: ' 2890.12 ' })).not.toBeNull();
    expect(catalogOrigin({ ...line, unit_price: '2500' })).toBeNull();
    const old = lineFromCatalog(2, { sku: 'A', region: 'b', term: 'P1Y', resource_type: 'VirtualMachines', unit_price: '1', currency: 'USD' });
    expect(catalogOrigin(old)).toEqual({ source: 'entered', priced_on: null, unit_price: '1' });
    expect(catalogOrigin(emptyLine(3, 'USD'))).toBeNull();
  });
});
