import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReviewFilter, ReviewItemView } from '../api/desk';
import { hrefFor } from '../lib/route';
import ReviewList from './ReviewList.svelte';
import { reviewItemFixture } from './dashboard/fixtures';
import { reviewTitle, sumAmounts } from './dashboard/review';

const mocks = vi.hoisted(() => ({ listReview: vi.fn(), getCustomer: vi.fn() }));

vi.mock('../api/desk', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api/desk')>();
  return { ...actual, desk: { ...actual.desk, listReview: mocks.listReview, getCustomer: mocks.getCustomer } };
});

const byTestId = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function rows(): ReviewItemView[] {
  return [
    reviewItemFixture(),
    reviewItemFixture({
      id: 'b2',
      name: 'SQL_RI_NE',
      customer_id: 't-northwind',
      customer_name: 'Northwind Traders',
      resource_type: 'SqlDatabases',
      region: 'northeurope',
      status: 'Succeeded',
      renew: true,
      days_left: 300,
      expiry_date: '2027-09-20',
      utilization_7d: null,
      utilization_30d: null,
      price: { amount: '900', currency: 'USD' },
      unused_usd: '100.05',
    }),
    reviewItemFixture({ id: 'c3', name: 'VM_RI_lost', renewal_lost: true, unused_usd: '0.10' }),
  ];
}

/** The core's answer: the first `limit` rows (all when null) and the count. */
function page(items: ReviewItemView[], limit: number | null = null) {
  return { total: items.length, items: limit === null ? items : items.slice(0, limit) };
}

async function show(filter: ReviewFilter, items: ReviewItemView[]) {
  mocks.listReview.mockImplementation(async (_f: ReviewFilter, limit: number | null = null) => page(items, limit));
  const view = render(ReviewList, { props: { filter } });
  await waitFor(() => expect(byTestId(view.container, 'review-count')).toHaveLength(1));
  return view;
}

beforeEach(() => {
  mocks.listReview.mockReset();
  mocks.getCustomer.mockReset();
  location.hash = '';
});

describe('review list titles', () => {
  it('name the figure behind every kind of list', () => {
    const cases: Array<[ReviewFilter, string]> = [
      [{ kind: 'active' }, 'Active reservations'],
      [{ kind: 'currency', currency: 'EUR' }, 'Billed in EUR'],
      [{ kind: 'expiring', days: 30 }, 'Expiring within 30 days'],
      [{ kind: 'under_utilized' }, 'Under-utilized reservations'],
      [{ kind: 'recently_expired' }, 'Expired in the last 30 days'],
      [{ kind: 'renewal_lost' }, 'Renewals lost in a split or merge'],
      [{ kind: 'utilization_band', from: 10, to: 20 }, '30-day utilization 10–20 %'],
      [{ kind: 'no_utilization_data' }, 'No utilization data'],
      [{ kind: 'without_price' }, 'Without a known price'],
      [{ kind: 'expiry_month', month: '2027-01' }, 'Expiring in January 2027'],
      [{ kind: 'customer_under_utilized', tenant_id: 't-1' }, 'Under-utilized reservations of t-1'],
    ];
    for (const [filter, title] of cases) expect(reviewTitle(filter), filter.kind).toBe(title);
    expect(reviewTitle({ kind: 'customer_under_utilized', tenant_id: 't-1' }, 'Contoso')).toBe(
      'Under-utilized reservations of Contoso',
    );
  });

  it('add unused amounts exactly', () => {
    expect(sumAmounts(['812.40', '100.05', '0.10'])).toBe('912.55');
    expect(sumAmounts([])).toBe('0.00');
    expect(sumAmounts(['0.1', '0.2', '-1.005'])).toBe('-0.71');
  });
});

describe('ReviewList', () => {
  it('asks the core for the figure’s list and shows its title, count and rows', async () => {
    const { container } = await show({ kind: 'expiring', days: 30 }, rows());
    expect(mocks.listReview).toHaveBeenCalledWith({ kind: 'expiring', days: 30 }, 200);
    expect(byTestId(container, 'review-list')[0]?.dataset.filter).toBe('expiring');
    expect(byTestId(container, 'review-title')[0]?.textContent).toBe('Expiring within 30 days');
    expect(byTestId(container, 'review-count')[0]?.textContent?.trim()).toBe('3 reservations');
    expect(byTestId(container, 'review-back')[0]?.getAttribute('href')).toBe('#/dashboard');

    const found = byTestId(container, 'review-row');
    expect(found.map((r) => r.dataset.reservationId)).toEqual(['0a3c9b6e-51d2-4f44-9a1b-2f7d0c9e1a11', 'b2', 'c3']);
    const first = found[0]?.textContent ?? '';
    for (const text of ['VM_RI_07-21', 'Contoso Retail', 'Virtual machine', 'westeurope', 'Expiring', 'Dec 20, 2026', '26 days left', 'Off', '41.5%', '38.3%', '13,392.41', '812.40', 'USD']) {
      expect(first, text).toContain(text);
    }
    expect(found[1]?.textContent).toContain('On');
    expect(found[1]?.textContent).toContain('—');
    expect(found[2]?.textContent).toContain('Lost');
    expect(byTestId(container, 'review-unused-total')).toHaveLength(0);
  });

  it('opens a reservation on click and on Enter', async () => {
    const { container } = await show({ kind: 'active' }, rows());
    await fireEvent.click(byTestId(container, 'review-row')[1]?.querySelector('td') as HTMLElement);
    expect(location.hash).toBe(hrefFor({ name: 'reservation', reservationId: 'b2', tab: 'overview' }));

    const table = container.querySelector('table[role="grid"]') as HTMLElement;
    await fireEvent.keyDown(table, { key: 'Home' });
    await fireEvent.keyDown(table, { key: 'Enter' });
    expect(location.hash).toBe(hrefFor({ name: 'reservation', reservationId: '0a3c9b6e-51d2-4f44-9a1b-2f7d0c9e1a11', tab: 'overview' }));
  });

  it('filters the rows by text and says how many are shown', async () => {
    const { container } = await show({ kind: 'active' }, rows());
    const box = byTestId(container, 'review-filter')[0] as HTMLInputElement;
    await fireEvent.input(box, { target: { value: 'northwind' } });
    expect(byTestId(container, 'review-row').map((r) => r.dataset.reservationId)).toEqual(['b2']);
    expect(byTestId(container, 'review-count')[0]?.textContent?.trim()).toBe('1 of 3');
    await fireEvent.input(box, { target: { value: 'nothing like this' } });
    expect(byTestId(container, 'review-no-match')).toHaveLength(1);
    await fireEvent.keyDown(box, { key: 'Escape' });
    expect(byTestId(container, 'review-row')).toHaveLength(3);
  });

  it('totals the unused money of an under-use list and names the customer', async () => {
    const { container } = await show({ kind: 'customer_under_utilized', tenant_id: 't-contoso' }, rows());
    expect(byTestId(container, 'review-title')[0]?.textContent).toBe('Under-utilized reservations of Contoso Retail');
    const total = byTestId(container, 'review-unused-total')[0];
    expect(total?.dataset.value).toBe('912.55');
    expect(total?.textContent).toContain('912.55 USD');
  });

  it('takes the customer’s name from the core when the list is empty', async () => {
    mocks.getCustomer.mockResolvedValue({ customer: { name: 'Fabrikam' }, subscriptions: [] });
    const { container } = await show({ kind: 'customer_under_utilized', tenant_id: 't-fab' }, []);
    await waitFor(() =>
      expect(byTestId(container, 'review-title')[0]?.textContent).toBe('Under-utilized reservations of Fabrikam'),
    );
    expect(mocks.getCustomer).toHaveBeenCalledWith('t-fab');
    expect(byTestId(container, 'review-empty')).toHaveLength(1);
    expect(byTestId(container, 'review-count')[0]?.textContent?.trim()).toBe('0 reservations');
  });

  it('titles a month list in the UI language and windows a long list', async () => {
    const many = Array.from({ length: 20000 }, (_, i) => reviewItemFixture({ id: `r${i}`, name: `RI_${i}` }));
    const { container } = await show({ kind: 'expiry_month', month: '2027-01' }, many);
    expect(byTestId(container, 'review-title')[0]?.textContent).toBe('Expiring in January 2027');
    expect(byTestId(container, 'review-count')[0]?.textContent?.trim()).toBe('20,000 reservations');
    expect(mocks.listReview).toHaveBeenCalledWith({ kind: 'expiry_month', month: '2027-01' }, 200);
    await waitFor(() => expect(mocks.listReview).toHaveBeenLastCalledWith({ kind: 'expiry_month', month: '2027-01' }, null), {
      timeout: 2000,
    });
    const inDom = byTestId(container, 'review-row').length;
    expect(inDom).toBeGreaterThan(0);
    expect(inDom).toBeLessThan(200);
  });

  it('shows a failure with a retry', async () => {
    mocks.listReview.mockRejectedValueOnce({ code: 'store', message: 'The store is locked.', file: null, line: null, field: null });
    mocks.listReview.mockResolvedValueOnce(page(rows()));
    const { container, getByText } = render(ReviewList, { props: { filter: { kind: 'renewal_lost' } } });
    await waitFor(() => expect(byTestId(container, 'error-panel')).toHaveLength(1));
    expect(container.textContent).toContain('Could not load the reservations');
    await fireEvent.click(getByText('Try again'));
    await waitFor(() => expect(byTestId(container, 'review-row')).toHaveLength(3));
  });
});
