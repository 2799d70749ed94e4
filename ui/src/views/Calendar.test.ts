import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CalendarEntryView, CalendarFilter, ReviewItemView, StoreInfo } from '../api/desk';
import { session } from '../lib/session.svelte';
import Calendar from './Calendar.svelte';
import { resetCalendarMemory } from './calendar/memory';
import { customerFixture } from '../test/fixtures';

const deskMock = vi.hoisted(() => ({
  getCalendar: vi.fn(),
  listCustomers: vi.fn(),
}));

vi.mock('../api/desk', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api/desk')>();
  return { ...actual, desk: deskMock };
});

const CONTOSO = '6f1b6c3a-1d2e-4c5b-9a8f-0e1d2c3b4a59';
const FABRIKAM = '0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f';

function reservation(id: string, expiry: string, overrides: Partial<ReviewItemView> = {}): ReviewItemView {
  return {
    id,
    name: `RI_${id}`,
    customer_id: CONTOSO,
    customer_name: 'Contoso Retail',
    resource_type: 'VirtualMachines',
    sku: 'Standard_D4s_v5',
    region: 'westeurope',
    quantity: 2,
    scope_type: 'shared',
    status: 'Expiring',
    renew: false,
    expiry_date: expiry,
    days_left: 10,
    utilization_7d: '80',
    utilization_30d: '80',
    price: { amount: '1000', currency: 'EUR' },
    price_usd: '1085.00',
    unused_usd: '0.00',
    renewal_lost: false,
    ...overrides,
  };
}

const ALL: CalendarEntryView[] = [
  ['a', '2025-11-03', { renew: true }],
  ['b', '2025-11-24', {}],
  ['c', '2025-11-24', { resource_type: 'SqlDatabases' }],
  ['d', '2025-11-24', { region: 'eastus' }],
  ['e', '2025-11-24', { customer_id: FABRIKAM, customer_name: 'Fabrikam' }],
  ['f', '2025-12-15', { renew: true }],
  ['g', '2026-03-02', {}],
].map(([id, date, extra]) => ({ date: date as string, reservation: reservation(id as string, date as string, extra as Partial<ReviewItemView>) }));

const customer = (name: string, tenant: string) =>
  customerFixture(name, tenant, { primary_domain: `${name.toLowerCase().replace(/\s/g, '')}.example` });

const cell = (container: HTMLElement, iso: string) => container.querySelector<HTMLElement>(`[data-testid="calendar-day"][data-date="${iso}"]`)!;
const entries = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('[data-testid="calendar-entry"]')];
const lastRange = () => deskMock.getCalendar.mock.lastCall?.slice(0, 2);
const lastFilter = () => deskMock.getCalendar.mock.lastCall?.[2] as CalendarFilter | undefined;

beforeEach(() => {
  resetCalendarMemory();
  session.store = { today: '2025-11-24' } as StoreInfo;
  history.replaceState(null, '', '#/calendar');
  deskMock.getCalendar.mockReset();
  deskMock.listCustomers.mockReset();
  deskMock.getCalendar.mockImplementation(async (from: string, to: string, f: CalendarFilter) => ({
    from,
    to,
    entries: ALL.filter(
      (e) =>
        e.date >= from &&
        e.date <= to &&
        (f.customer === null || e.reservation.customer_id === f.customer) &&
        (f.resource_type === null || e.reservation.resource_type === f.resource_type) &&
        (f.region === null || e.reservation.region === f.region),
    ),
    resource_types: ['SqlDatabases', 'VirtualMachines'],
    regions: ['eastus', 'westeurope'],
  }));
  deskMock.listCustomers.mockImplementation(async (query: string | null) =>
    [customer('Contoso Retail', CONTOSO), customer('Fabrikam', FABRIKAM)].filter(
      (c) => query === null || c.name.toLowerCase().includes(query.toLowerCase()),
    ),
  );
});

afterEach(() => {
  session.store = null;
});

describe('Calendar', () => {
  it('draws the month Monday first with the expiries on their days, and lists the selected day', async () => {
    const { container, getByTestId } = render(Calendar);
    await waitFor(() => expect(cell(container, '2025-11-24').getAttribute('data-count')).toBe('4'));
    expect(deskMock.getCalendar).toHaveBeenCalledWith('2025-11-01', '2025-11-30', { customer: null, resource_type: null, region: null });
    expect(getByTestId('calendar-month-title').textContent).toContain('November 2025');

    // 1 Nov 2025 is a Saturday: the first week has five empty cells before it.
    const firstWeek = container.querySelectorAll('[data-testid="calendar-grid"] [role="row"]')[1]!;
    const cells = [...firstWeek.querySelectorAll('[role="gridcell"]')];
    expect(cells).toHaveLength(7);
    expect(cells.slice(0, 5).every((c) => !c.hasAttribute('data-date'))).toBe(true);
    expect(cells[5]?.getAttribute('data-date')).toBe('2025-11-01');

    const third = cell(container, '2025-11-03');
    expect(third.getAttribute('data-count')).toBe('1');
    expect(third.textContent).toContain('RI_a');
    expect(cell(container, '2025-11-04').getAttribute('data-count')).toBe('0');

    const busy = cell(container, '2025-11-24');
    expect(busy.classList.contains('today')).toBe(true);
    expect(busy.textContent).toContain('Today');
    expect(busy.textContent).toContain('RI_b');
    expect(busy.textContent).toContain('+2 more');
    expect(busy.getAttribute('aria-selected')).toBe('true');

    // Today is selected: its four expiries are listed, with status and renewal in words.
    expect(entries(container).map((r) => r.getAttribute('data-reservation-id')).sort()).toEqual(['b', 'c', 'd', 'e']);
    expect(entries(container)[0]?.textContent).toContain('Does not renew');
  });

  it('selects a day by click and by arrows, and opens a reservation with Enter', async () => {
    const { container } = render(Calendar);
    await waitFor(() => expect(entries(container)).toHaveLength(4));
    await fireEvent.click(cell(container, '2025-11-03'));
    expect(cell(container, '2025-11-03').getAttribute('aria-selected')).toBe('true');
    expect(entries(container).map((r) => r.getAttribute('data-reservation-id'))).toEqual(['a']);
    expect(entries(container)[0]?.textContent).toContain('Renews');

    await fireEvent.keyDown(cell(container, '2025-11-03'), { key: 'ArrowRight' });
    expect(cell(container, '2025-11-04').getAttribute('aria-selected')).toBe('true');
    expect(entries(container)).toHaveLength(0);
    expect(container.querySelector('[data-testid="calendar-day-empty"]')).toBeTruthy();
    await fireEvent.keyDown(cell(container, '2025-11-04'), { key: 'ArrowLeft' });

    // Enter on the day goes to its list; Enter there opens the reservation.
    await fireEvent.keyDown(cell(container, '2025-11-03'), { key: 'Enter' });
    const table = container.querySelector<HTMLElement>('[data-testid="calendar-day-list"] table')!;
    await waitFor(() => expect(document.activeElement).toBe(table));
    await fireEvent.keyDown(table, { key: 'Enter' });
    expect(location.hash).toBe('#/reservations/a');
  });

  it('moves to the previous month with the arrows across the month start', async () => {
    const { container } = render(Calendar);
    await waitFor(() => expect(entries(container)).toHaveLength(4));
    await fireEvent.click(cell(container, '2025-11-03'));
    await fireEvent.keyDown(cell(container, '2025-11-03'), { key: 'ArrowUp' });
    await waitFor(() => expect(lastRange()).toEqual(['2025-10-01', '2025-10-31']));
    expect(cell(container, '2025-10-27').getAttribute('aria-selected')).toBe('true');
  });

  it('turns the months with the previous/next buttons and comes back with Today', async () => {
    const { container, getByTestId } = render(Calendar);
    await waitFor(() => expect(entries(container)).toHaveLength(4));
    await fireEvent.click(getByTestId('calendar-next'));
    await waitFor(() => expect(lastRange()).toEqual(['2025-12-01', '2025-12-31']));
    expect(getByTestId('calendar-month-title').textContent).toContain('December 2025');
    await waitFor(() => expect(cell(container, '2025-12-15').getAttribute('data-count')).toBe('1'));
    await fireEvent.click(getByTestId('calendar-prev'));
    await fireEvent.click(getByTestId('calendar-prev'));
    await waitFor(() => expect(lastRange()).toEqual(['2025-10-01', '2025-10-31']));
    expect(getByTestId('calendar-month-title').textContent).toContain('October 2025');
    await fireEvent.click(getByTestId('calendar-today'));
    await waitFor(() => expect(lastRange()).toEqual(['2025-11-01', '2025-11-30']));
    expect(cell(container, '2025-11-24').getAttribute('aria-selected')).toBe('true');
  });

  it('loads again with the filters: type, region and customer', async () => {
    const { container, getByTestId } = render(Calendar);
    await waitFor(() => expect(entries(container)).toHaveLength(4));

    const type = getByTestId('calendar-filter-type') as HTMLSelectElement;
    expect([...type.options].map((o) => o.value)).toEqual(['', 'SqlDatabases', 'VirtualMachines']);
    expect([...type.options].map((o) => o.textContent)).toContain('SQL Database');
    await fireEvent.change(type, { target: { value: 'SqlDatabases' } });
    await waitFor(() => expect(lastFilter()).toEqual({ customer: null, resource_type: 'SqlDatabases', region: null }));
    expect(lastRange()).toEqual(['2025-11-01', '2025-11-30']);
    await waitFor(() => expect(entries(container).map((r) => r.getAttribute('data-reservation-id'))).toEqual(['c']));
    await fireEvent.change(type, { target: { value: '' } });

    const region = getByTestId('calendar-filter-region') as HTMLSelectElement;
    await fireEvent.change(region, { target: { value: 'eastus' } });
    await waitFor(() => expect(lastFilter()).toEqual({ customer: null, resource_type: null, region: 'eastus' }));
    await waitFor(() => expect(entries(container).map((r) => r.getAttribute('data-reservation-id'))).toEqual(['d']));
    await fireEvent.click(getByTestId('calendar-filter-clear'));
    await waitFor(() => expect(lastFilter()).toEqual({ customer: null, resource_type: null, region: null }));

    const input = getByTestId('calendar-filter-customer') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'fabrik' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(lastFilter()).toEqual({ customer: FABRIKAM, resource_type: null, region: null }));
    expect(deskMock.listCustomers).toHaveBeenCalledWith('fabrik');
    expect(input.value).toBe('Fabrikam');
    await waitFor(() => expect(entries(container).map((r) => r.getAttribute('data-reservation-id'))).toEqual(['e']));
  });

  it('says so when a typed customer matches none', async () => {
    const { getByTestId, findByTestId } = render(Calendar);
    await waitFor(() => expect(deskMock.getCalendar).toHaveBeenCalled());
    const input = getByTestId('calendar-filter-customer') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'Nobody' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect((await findByTestId('calendar-filter-customer-problem')).textContent).toContain('No customer matches');
    expect(lastFilter()).toEqual({ customer: null, resource_type: null, region: null });
  });

  it('shows the next 12 months as bars and opens a month from there', async () => {
    const { container, getByTestId } = render(Calendar);
    await waitFor(() => expect(entries(container)).toHaveLength(4));
    await fireEvent.click(getByTestId('calendar-view-timeline'));
    await waitFor(() => expect(lastRange()).toEqual(['2025-11-01', '2026-10-31']));
    const rows = () => [...container.querySelectorAll<HTMLElement>('[data-testid="calendar-timeline-month"]')];
    await waitFor(() => expect(rows()[0]?.getAttribute('data-count')).toBe('5'));
    expect(rows()).toHaveLength(12);
    expect(rows().map((r) => r.getAttribute('data-month'))[11]).toBe('2026-10');
    expect(rows()[0]?.getAttribute('data-renewing')).toBe('1');
    expect(rows()[0]?.textContent).toContain('1 renew');
    expect(rows()[0]?.textContent).toContain('4 do not');
    expect(rows()[4]?.getAttribute('data-count')).toBe('1');

    await fireEvent.click(rows()[1]!);
    await waitFor(() => expect(lastRange()).toEqual(['2025-12-01', '2025-12-31']));
    expect(getByTestId('calendar-view-month').getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(entries(container).map((r) => r.getAttribute('data-reservation-id'))).toEqual(['f']));
  });

  it('shows a failure in plain words with a retry', async () => {
    const { DeskError } = await import('../api/desk');
    deskMock.getCalendar.mockRejectedValueOnce(new DeskError({ code: 'invalid_input', message: 'to: expected a range of 0 to 800 days', file: null, line: null, field: 'to' }));
    const { findByTestId, getByText, container } = render(Calendar);
    expect((await findByTestId('error-message')).textContent).toContain('800 days');
    await fireEvent.click(getByText('Try again'));
    await waitFor(() => expect(entries(container)).toHaveLength(4));
  });
});
