import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReviewFilter } from '../api/desk';
import { hrefFor } from '../lib/route';
import { session } from '../lib/session.svelte';
import Dashboard from './Dashboard.svelte';
import { dashboardFixture } from './dashboard/fixtures';

interface FakePlot {
  over: HTMLDivElement;
  cursor: { idx: number | null };
  data: unknown[];
}

const mocks = vi.hoisted(() => ({
  getDashboard: vi.fn(),
  getTriage: vi.fn(),
  plots: [] as FakePlot[],
}));

vi.mock('../api/desk', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api/desk')>();
  return { ...actual, desk: { ...actual.desk, getDashboard: mocks.getDashboard, getTriage: mocks.getTriage } };
});

// jsdom has no canvas: a stand-in that keeps what the chart was given and offers its overlay.
vi.mock('uplot', () => {
  class Plot {
    static pxRatio = 1;
    static paths = { bars: () => () => null };
    over: HTMLDivElement;
    cursor = { idx: null as number | null };
    data: unknown[];
    constructor(_opts: unknown, data: unknown[], el: HTMLElement) {
      this.data = data;
      this.over = document.createElement('div');
      el.appendChild(this.over);
      mocks.plots.push(this);
    }
    setSize(): void {}
    redraw(): void {}
    destroy(): void {}
  }
  return { default: Plot };
});

const review = (filter: ReviewFilter) => hrefFor({ name: 'review', filter });
const byTestId = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const one = (root: HTMLElement, id: string): HTMLElement => {
  const found = byTestId(root, id);
  expect(found, id).toHaveLength(1);
  return found[0] as HTMLElement;
};

beforeEach(() => {
  mocks.plots.length = 0;
  mocks.getDashboard.mockReset();
  mocks.getTriage.mockReset();
  mocks.getTriage.mockResolvedValue({ as_of: '2026-11-24', items: [], offset: 0, total: 12, hidden_count: 0, by_kind: {} });
  session.store = null;
  session.dataVersion += 1; // drops the dashboard remembered from the previous test
  location.hash = '';
});

afterEach(() => {
  session.store = null;
});

describe('Dashboard', () => {
  it('shows every figure as a link to the list behind it', async () => {
    mocks.getDashboard.mockResolvedValue(dashboardFixture());
    const { container } = render(Dashboard);
    await waitFor(() => expect(byTestId(container, 'dash-active')).toHaveLength(1));

    const active = one(container, 'dash-active');
    expect(active.tagName).toBe('A');
    expect(active.getAttribute('href')).toBe(review({ kind: 'active' }));
    expect(active.textContent).toContain('412');
    expect(active.dataset.value).toBe('412');

    const lines = container.querySelectorAll<HTMLAnchorElement>('[data-testid="dash-commitment"] a[data-currency]');
    expect([...lines].map((a) => a.dataset.currency)).toEqual(['EUR', 'GBP', 'USD']);
    for (const a of lines) {
      expect(a.getAttribute('href')).toBe(review({ kind: 'currency', currency: a.dataset.currency ?? '' }));
    }
    expect(lines[0]?.textContent).toContain('1,234,567.50');
    expect(lines[0]?.title).toContain('1234567.5 EUR');
    expect(one(container, 'dash-commitment').textContent).toContain('3,964,428.89');

    for (const [days, count, renewing] of [
      [30, 7, 2],
      [60, 19, 5],
      [90, 31, 9],
    ] as const) {
      const link = one(container, `dash-expiring-${days}`);
      expect(link.tagName).toBe('A');
      expect(link.getAttribute('href')).toBe(review({ kind: 'expiring', days }));
      expect(link.dataset.value).toBe(String(count));
      expect(link.textContent).toContain(`of which ${renewing} renew`);
    }
    expect(one(container, 'dash-expiring-30').title).toContain('Dec 24, 2026');

    const under = one(container, 'dash-under-utilized');
    expect(under.getAttribute('href')).toBe(review({ kind: 'under_utilized' }));
    expect(under.textContent).toContain('23');
    expect(under.textContent).toContain('7- and 30-day average below 80 %');

    const unused = one(container, 'dash-unused');
    expect(unused.getAttribute('href')).toBe(review({ kind: 'under_utilized' }));
    expect(unused.textContent).toContain('48,211.37');
    expect(unused.textContent).toContain('USD');
    expect(unused.title).toContain('price × 30 ÷ term days × (100 − 30-day %)');

    const expired = one(container, 'dash-recently-expired');
    expect(expired.getAttribute('href')).toBe(review({ kind: 'recently_expired' }));
    expect(expired.dataset.value).toBe('4');
    const lost = one(container, 'dash-renewals-lost');
    expect(lost.getAttribute('href')).toBe(review({ kind: 'renewal_lost' }));
    expect(lost.dataset.value).toBe('3');

    const headroom = byTestId(container, 'dash-low-headroom-row');
    expect(headroom).toHaveLength(2);
    expect(headroom[0]?.querySelector('a')?.getAttribute('href')).toBe(hrefFor({ name: 'customer', tenantId: 't-contoso' }));
    expect(headroom[0]?.textContent).toContain('4,000.00 of 50,000.00 USD');
    expect(headroom[0]?.title).toContain('50,000.00 USD − refunded in the rolling window 46,000.00 USD');

    expect(one(container, 'dash-as-of').textContent).toContain('As of Nov 24, 2026');
    expect(one(container, 'dash-calendar-link').getAttribute('href')).toBe('#/calendar');
    await waitFor(() => expect(one(container, 'dash-triage-link').textContent).toContain('12 decisions waiting'));
    expect(one(container, 'dash-triage-link').getAttribute('href')).toBe('#/triage');
  });

  it('counts reservations without a known price and opens their list; shows nothing when every price is known', async () => {
    mocks.getDashboard.mockResolvedValue({ ...dashboardFixture(), reservations_without_price: 3 });
    const first = render(Dashboard);
    await waitFor(() => expect(byTestId(first.container, 'dash-without-price')).toHaveLength(1));
    const link = one(first.container, 'dash-without-price');
    expect(link.tagName).toBe('A');
    expect(link.getAttribute('href')).toBe(review({ kind: 'without_price' }));
    expect(link.textContent).toContain('3 reservations without a known price');
    first.unmount();

    mocks.getDashboard.mockResolvedValue({ ...dashboardFixture(), reservations_without_price: 0 });
    const second = render(Dashboard);
    await waitFor(() => expect(byTestId(second.container, 'dash-commitment-usd')).toHaveLength(1));
    expect(byTestId(second.container, 'dash-without-price')).toHaveLength(0);
  });

  it('links the charts to their lists: bars, the no-data note and the customer ranking', async () => {
    const data = dashboardFixture();
    mocks.getDashboard.mockResolvedValue(data);
    const { container } = render(Dashboard);
    await waitFor(() => expect(byTestId(container, 'dash-utilization-chart')).toHaveLength(1));

    expect(one(container, 'dash-no-data').getAttribute('href')).toBe(review({ kind: 'no_utilization_data' }));
    expect(one(container, 'dash-no-data').textContent).toContain('6 reservations have no utilization data');

    const customers = byTestId(container, 'dash-unused-customer');
    expect(customers.map((a) => a.getAttribute('href'))).toEqual([
      review({ kind: 'customer_under_utilized', tenant_id: 't-contoso' }),
      review({ kind: 'customer_under_utilized', tenant_id: 't-northwind' }),
    ]);

    // Text alternative: every bar is listed in words.
    const util = one(container, 'dash-utilization-chart');
    const options = util.querySelectorAll('[role="option"]');
    expect(options).toHaveLength(10);
    expect(options[1]?.textContent).toContain('30-day utilization 10–20 %: 7 reservations');
    expect(util.querySelector('[role="listbox"]')?.getAttribute('aria-label')).toBe('Utilization distribution');
    expect(util.querySelector('figcaption')?.textContent).toContain('6 reservations have no utilization data');

    // Keyboard: focus the chart, move to the second bar, Enter opens its band.
    const listbox = util.querySelector('[role="listbox"]') as HTMLElement;
    await fireEvent.focus(listbox);
    await fireEvent.keyDown(listbox, { key: 'ArrowRight' });
    await fireEvent.keyDown(listbox, { key: 'Enter' });
    expect(location.hash).toBe(review({ kind: 'utilization_band', from: 10, to: 20 }));

    // Mouse: a click on the plot opens the bar under the cursor.
    const months = one(container, 'dash-expiries-chart');
    expect(months.querySelectorAll('[role="option"]')[0]?.textContent).toBe('November 2026: 2 expiring, 0 set to renew');
    expect(mocks.plots).toHaveLength(2);
    const plot = mocks.plots[1] as FakePlot;
    expect(plot.data).toHaveLength(3); // x, all expiring, the renewing part
    plot.cursor.idx = 2;
    await fireEvent.click(plot.over);
    expect(location.hash).toBe(review({ kind: 'expiry_month', month: '2027-01' }));
  });

  it('says so when no customer is low on headroom', async () => {
    mocks.getDashboard.mockResolvedValue(dashboardFixture({ low_headroom_customers: [] }));
    const { container } = render(Dashboard);
    await waitFor(() => expect(byTestId(container, 'dash-low-headroom-empty')).toHaveLength(1));
    expect(one(container, 'dash-low-headroom-empty').textContent).toContain('No customer is below 10,000.00 USD of headroom');
  });

  it('offers Import when the store is empty', async () => {
    session.store = { db_path: '/tmp/x.db', schema_version: 1, customers: 0, reservations: 0, today: '2026-11-24', demo_loaded: null };
    mocks.getDashboard.mockResolvedValue(
      dashboardFixture({
        active_reservations: 0,
        commitment_by_currency: {},
        commitment_usd: '0',
        low_headroom_customers: [],
      }),
    );
    const { container } = render(Dashboard);
    await waitFor(() => expect(byTestId(container, 'dash-empty')).toHaveLength(1));
    expect(one(container, 'dash-empty').textContent).toContain('Import a Partner Center export, or load the demo portfolio');
    expect(one(container, 'dash-empty-import').getAttribute('href')).toBe('#/import');
    expect(byTestId(container, 'dash-active')).toHaveLength(0);
  });

  it('keeps the figures when customers exist but nothing is active', async () => {
    session.store = { db_path: '/tmp/x.db', schema_version: 1, customers: 3, reservations: 9, today: '2026-11-24', demo_loaded: null };
    mocks.getDashboard.mockResolvedValue(dashboardFixture({ active_reservations: 0 }));
    const { container } = render(Dashboard);
    await waitFor(() => expect(byTestId(container, 'dash-active')).toHaveLength(1));
    expect(byTestId(container, 'dash-empty')).toHaveLength(0);
  });

  it('shows a failure in plain words and tries again', async () => {
    mocks.getDashboard.mockRejectedValueOnce({ code: 'store', message: 'The store is locked.', file: null, line: null, field: null });
    mocks.getDashboard.mockResolvedValueOnce(dashboardFixture());
    const { container, getByText } = render(Dashboard);
    await waitFor(() => expect(byTestId(container, 'error-panel')).toHaveLength(1));
    expect(container.textContent).toContain('Could not load the dashboard');
    expect(container.textContent).toContain('The store is locked.');
    await fireEvent.click(getByText('Try again'));
    await waitFor(() => expect(byTestId(container, 'dash-active')).toHaveLength(1));
  });
});
