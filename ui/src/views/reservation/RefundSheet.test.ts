import { render, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { RefundQuoteView } from '../../api/desk';
import { reservationFixture } from '../../test/fixtures';
import RefundSheet from './RefundSheet.svelte';

function quote(overrides: Partial<RefundQuoteView> = {}): RefundQuoteView {
  return {
    reservation_id: 'r',
    order_id: 'o',
    customer_id: 'c',
    customer_name: 'Contoso Retail',
    on: '2025-11-24',
    quantity: 4,
    billing_plan: 'Upfront',
    term_days: 1096,
    remaining_days: 620,
    unit_price_basis: { amount: '300', currency: 'EUR' },
    canceled_commitment: { amount: '678.83', currency: 'EUR' },
    canceled_commitment_usd: { amount: '736.53', currency: 'USD' },
    fee_rate: '0',
    fee: { amount: '0', currency: 'EUR' },
    refund: { amount: '678.83', currency: 'EUR' },
    paid_to_date: null,
    future_payments_canceled: null,
    limit_usd: '50000',
    used_usd: '49500',
    available_usd: '500',
    available_after_usd: '-236.53',
    allowed: false,
    reasons: ['RefundLimitExceeded'],
    reason_messages: ['The canceled commitment is more than the remaining refund limit.'],
    headroom_returns_on: '2026-04-16',
    refund_destination: 'CSP: a new invoice for the refund.',
    policy: [{ key: 'refund_limit_usd', value: '50000', effective_from: '2022-10-10', source: 'EXR-2022' }],
    how: ['Term days T = 1096', 'Refund limit: 50000 USD'],
    ...overrides,
  };
}

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('RefundSheet', () => {
  it('shows every decision figure with its raw value for the end-to-end test', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return quote();
    });
    const { container, getByTestId } = render(RefundSheet, { props: { reservation: reservationFixture(), onClose: () => {} } });
    await waitFor(() => expect(container.querySelector('[data-field="allowed"]')).not.toBeNull());
    const expected: Record<string, string> = {
      quantity: '4',
      remaining_days: '620',
      term_days: '1096',
      canceled_commitment: '678.83 EUR',
      canceled_commitment_usd: '736.53 USD',
      fee: '0 EUR',
      refund: '678.83 EUR',
      limit_usd: '50000',
      used_usd: '49500',
      available_usd: '500',
      available_after_usd: '-236.53',
      allowed: 'false',
      headroom_returns_on: '2026-04-16',
    };
    for (const [key, value] of Object.entries(expected)) {
      const found = container.querySelectorAll(`[data-field="${key}"]`);
      expect(found.length, key).toBe(1);
      expect(found[0]?.getAttribute('data-value'), key).toBe(value);
    }
    expect(getByTestId('refund-quote').textContent).toContain('not charged today');
    expect(getByTestId('refund-reasons').textContent).toContain('remaining refund limit');
    expect((getByTestId('draft-refund') as HTMLButtonElement).disabled).toBe(true);
    // The form starts at one unit (never all of them), on the core's today.
    expect((getByTestId('refund-quantity') as HTMLInputElement).value).toBe('1');
    expect(calls[0]).toEqual(['refund_quote', { reservationId: reservationFixture().id, quantity: 1, on: expect.any(String) }]);
    // The limit bar says what is used before, and what is left (or how far over) after this refund.
    const limit = container.querySelector('.limit')?.textContent ?? '';
    expect(limit).toContain('Used before this refund');
    expect(limit).toContain('Available before this refund');
    expect(limit).toContain('Over the limit after this refund by');
    expect(limit).toContain('236.53');
  });

  it('shows an unknown price as unknown, never as 0, and offers no ticket', async () => {
    mockIPC(() =>
      quote({
        unit_price_basis: null,
        canceled_commitment: null,
        canceled_commitment_usd: null,
        fee: null,
        refund: null,
        allowed: false,
        reasons: ['PriceUnknown'],
        reason_messages: ["The reservation's price is unknown: import the reservation order with its payment schedule."],
        headroom_returns_on: null,
      }),
    );
    const { container, getByTestId } = render(RefundSheet, { props: { reservation: reservationFixture(), onClose: () => {} } });
    await waitFor(() => expect(container.querySelector('[data-field="allowed"]')).not.toBeNull());
    for (const key of ['canceled_commitment', 'canceled_commitment_usd', 'fee', 'refund']) {
      const found = container.querySelectorAll(`[data-field="${key}"]`);
      expect(found.length, key).toBe(1);
      expect(found[0]?.getAttribute('data-value'), key).toBe('unknown');
    }
    const text = getByTestId('refund-quote').textContent ?? '';
    expect(text).not.toMatch(/\b0(\.00)? (EUR|USD)\b/);
    expect(text).toContain('unknown');
    expect(getByTestId('price-unknown').textContent).toContain('price is unknown');
    expect(getByTestId('refund-reasons').textContent).toContain('price is unknown');
    expect((getByTestId('draft-refund') as HTMLButtonElement).disabled).toBe(true);
  });

  it('closes on Escape', async () => {
    mockIPC(() => quote({ allowed: true, reasons: [], reason_messages: [], headroom_returns_on: null }));
    let closed = false;
    const { getByTestId } = render(RefundSheet, { props: { reservation: reservationFixture(), onClose: () => (closed = true) } });
    getByTestId('refund-quote').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(closed).toBe(true);
  });
});
