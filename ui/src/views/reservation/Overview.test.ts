import { fireEvent, render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ReservationView } from '../../api/desk';
import { rawValue } from '../../lib/format';
import { reservationFixture } from '../../test/fixtures';
import Overview from './Overview.svelte';

// The end-to-end test compares these attributes with the CLI's JSON, key by key.
const KEYS: Array<keyof ReservationView> = [
  'display_name',
  'resource_type',
  'sku',
  'region',
  'quantity',
  'term',
  'billing_plan',
  'purchase_date',
  'benefit_start',
  'expiry_date',
  'days_left',
  'scope_type',
  'scope_target',
  'renew',
  'status',
  'billing_subscription_id',
  'instance_flexibility',
  'utilization_1d',
  'utilization_7d',
  'utilization_30d',
  'price',
  'price_usd',
];

function renderOverview(reservation: ReservationView, handlers: { onRefund?: () => void; onExchange?: () => void; onRenew?: () => void } = {}) {
  return render(Overview, {
    props: {
      reservation,
      utilization: [],
      utilizationFailure: null,
      onRetryUtilization: () => {},
      onRefund: handlers.onRefund ?? (() => {}),
      onExchange: handlers.onExchange ?? (() => {}),
      onRenew: handlers.onRenew ?? (() => {}),
    },
  });
}

describe('Overview', () => {
  it('shows what no file gave as unknown, each with the export that fills it', () => {
    const { container, getByTestId } = renderOverview(reservationFixture({ price: null, price_usd: null, billing_plan: null, term: null }));
    const field = (k: string) => container.querySelector(`[data-field="${k}"]`);
    expect(field('term')?.textContent).toBe('unknown');
    expect(field('billing_plan')?.textContent).toBe('unknown');
    expect(field('price')?.textContent).toContain('unknown');
    expect(field('price')?.textContent).not.toContain('0.00');
    const lines = [...getByTestId('unknown-facts').querySelectorAll('li')].map((li) => li.textContent);
    expect(lines).toEqual([
      'Price unknown — import the reservation order with its payment schedule, or a cost-details export with its purchase row.',
      'Billing plan unknown — import the reservation order, or a cost-details export with its purchase row.',
      'Term unknown — import the reservation order, or a portfolio file.',
    ]);
  });

  it('lists nothing unknown when every fact is known', () => {
    const { queryByTestId } = renderOverview(reservationFixture());
    expect(queryByTestId('unknown-facts')).toBeNull();
  });

  it('carries data-field and the raw data-value for every essential', () => {
    const reservation = reservationFixture();
    const { container } = renderOverview(reservation);
    for (const key of KEYS) {
      const found = container.querySelectorAll(`[data-field="${key}"]`);
      expect(found.length, `exactly one element for ${key}`).toBe(1);
      expect(found[0]?.getAttribute('data-value'), key).toBe(rawValue(reservation[key] as never));
    }
  });

  it('writes money as "<amount> <currency>" and nulls as empty strings', () => {
    const { container } = renderOverview(reservationFixture());
    expect(container.querySelector('[data-field="price"]')?.getAttribute('data-value')).toBe('1234.5 EUR');
    expect(container.querySelector('[data-field="scope_target"]')?.getAttribute('data-value')).toBe('');
    expect(container.querySelector('[data-field="utilization_7d"]')?.getAttribute('data-value')).toBe('');
    expect(container.querySelector('[data-field="renew"]')?.getAttribute('data-value')).toBe('false');
  });

  it('enables refund and exchange for active reservations and opens them', async () => {
    let opened = '';
    const { getByTestId } = renderOverview(reservationFixture({ status: 'Expiring' }), {
      onRefund: () => (opened = 'refund'),
      onExchange: () => (opened = 'exchange'),
      onRenew: () => (opened = 'renew'),
    });
    const refund = getByTestId('action-refund') as HTMLButtonElement;
    expect(refund.disabled).toBe(false);
    await fireEvent.click(refund);
    expect(opened).toBe('refund');
    await fireEvent.click(getByTestId('action-exchange'));
    expect(opened).toBe('exchange');
    const renew = getByTestId('action-renew') as HTMLButtonElement;
    expect(renew.disabled).toBe(false);
    await fireEvent.click(renew);
    expect(opened).toBe('renew');
    expect((getByTestId('action-portal') as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps refund and exchange disabled, with the reason, for inactive reservations', () => {
    const { getByTestId } = renderOverview(reservationFixture({ status: 'Expired' }));
    for (const id of ['action-refund', 'action-exchange', 'action-renew']) {
      const button = getByTestId(id) as HTMLButtonElement;
      expect(button.disabled, id).toBe(true);
      expect(button.title).toContain('Only active reservations');
    }
  });

  it('says plainly when there is no daily utilization', () => {
    const { getByTestId } = renderOverview(reservationFixture({ status: 'Expired' }));
    expect(getByTestId('utilization-empty').textContent).toContain('has ended');
  });
});

describe('Overview scope', () => {
  it("names the scope's subscription next to its ID", async () => {
    const { mockIPC, clearMocks } = await import('@tauri-apps/api/mocks');
    const sub = '11111111-2222-3333-4444-555555555555';
    mockIPC((cmd) => {
      if (cmd === 'get_customer') return { subscriptions: [{ id: sub.toUpperCase(), display_name: 'Contoso Production', state: 'Active' }] };
      return null;
    });
    try {
      const { container, findByText } = renderOverview(reservationFixture({ scope_type: 'single', scope_target: `/subscriptions/${sub}` }));
      expect(await findByText('Subscription: Contoso Production')).toBeTruthy();
      expect(container.querySelector('[data-field="scope_target"]')?.textContent).toContain(sub);
    } finally {
      clearMocks();
      delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
    }
  });
});

describe('Overview exchange right', () => {
  it('says what exchanges are left, from the core’s state and the policy’s date', () => {
    const { container } = renderOverview(
      reservationFixture({ exchange_right: { state: 'unlimited', until: '2027-02-01', days_left: 55, cutover: '2027-02-01', note: 'x' } }),
    );
    const el = container.querySelector('[data-field="exchange_right"]');
    expect(el?.getAttribute('data-value')).toBe('unlimited');
    expect(el?.textContent).toBe('Unlimited until Feb 1, 2027 (55 days), then one final exchange');
    expect(el?.classList.contains('soon')).toBe(true);
  });
});
