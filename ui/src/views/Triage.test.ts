import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReviewItemView, TriageItemView, TriageView } from '../api/desk';
import { takeSheet } from '../lib/pendingSheet.svelte';
import { toasts } from '../lib/toasts.svelte';
import { reviewItemFixture } from './dashboard/fixtures';
import { resetTriageMemory } from './triage/memory';
import Triage from './Triage.svelte';

const deskMock = vi.hoisted(() => ({
  getTriage: vi.fn(),
  hideTriageItem: vi.fn(),
  unhideTriageItem: vi.fn(),
}));

vi.mock('../api/desk', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api/desk')>();
  return { ...actual, desk: deskMock };
});

/** A queue item's reservation: expiring soon, nearly idle. */
function reservation(id: string, overrides: Partial<ReviewItemView> = {}): ReviewItemView {
  return reviewItemFixture({
    id,
    name: `VM_RI_${id}`,
    customer_id: '6f1b6c3a-1d2e-4c5b-9a8f-0e1d2c3b4a59',
    expiry_date: '2025-12-10',
    days_left: 16,
    utilization_7d: '2.2',
    utilization_30d: '3.4',
    price: { amount: '1234.5', currency: 'EUR' },
    ...overrides,
  });
}

function item(id: string, kind: TriageItemView['kind'], action: TriageItemView['action'], overrides: Partial<TriageItemView> = {}): TriageItemView {
  return {
    key: `${kind}:${id}`,
    kind,
    action,
    reservation: reservation(id),
    remaining_usd: '1200.00',
    headroom_usd: '30000.00',
    hidden: null,
    ...overrides,
  };
}

const QUEUE: TriageItemView[] = [
  item('r1', 'expiring_without_renewal', 'renew'),
  item('r2', 'idle', 'refund'),
  item('r3', 'under_used', 'right_size_scope', { reservation: reservation('r3', { utilization_30d: '43', days_left: 200 }) }),
];
const HIDDEN = item('r4', 'renewal_lost', 'renew', { hidden: { reason: 'Customer renews by hand in March', hidden_at: '2025-11-20T10:00:00Z' } });

function view(items: TriageItemView[], hiddenCount = 0): TriageView {
  const by_kind = { idle: 0, under_used: 0, expiring_without_renewal: 0, renewal_lost: 0, renews_not_exchangeable: 0 };
  for (const i of items) by_kind[i.kind] += 1;
  return { as_of: '2025-11-24', items, offset: 0, total: items.length, hidden_count: hiddenCount, by_kind };
}

const rows = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('[data-testid="triage-item"]')];
const currentKey = (container: HTMLElement) =>
  container.querySelector<HTMLElement>('[data-testid="triage-item"][aria-selected="true"]')?.getAttribute('data-key');
const press = (key: string, target: Element = document.body) => fireEvent.keyDown(target, { key });

beforeEach(() => {
  resetTriageMemory();
  toasts.items = [];
  history.replaceState(null, '', '#/triage');
  deskMock.getTriage.mockReset();
  deskMock.hideTriageItem.mockReset();
  deskMock.unhideTriageItem.mockReset();
  // A small fake core: the hidden items live here, and the queue is read from it.
  const hidden = new Map([[HIDDEN.key, HIDDEN.hidden!]]);
  deskMock.getTriage.mockImplementation(async (includeHidden: boolean) => {
    const all = [...QUEUE, HIDDEN].map((i) => ({ ...i, hidden: hidden.get(i.key) ?? null }));
    return view(all.filter((i) => includeHidden || i.hidden === null), hidden.size);
  });
  deskMock.hideTriageItem.mockImplementation(async (key: string, reason: string) => {
    hidden.set(key, { reason, hidden_at: '2025-11-24T09:00:00Z' });
    return null;
  });
  deskMock.unhideTriageItem.mockImplementation(async (key: string) => {
    hidden.delete(key);
    return null;
  });
});

afterEach(() => {
  takeSheet('');
});

describe('Triage', () => {
  it('lists the items with their reasons, actions and figures', async () => {
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    expect(deskMock.getTriage).toHaveBeenCalledWith(false, 0, 200);
    const [first, second, third] = rows(container);
    expect(first?.getAttribute('data-action')).toBe('renew');
    expect(first?.getAttribute('data-reservation-id')).toBe('r1');
    expect(first?.textContent).toContain('Expires in 16 days and will not renew');
    expect(first?.textContent).toContain('Renew');
    expect(second?.textContent).toContain('Idle: 7-day 2 %, 30-day 3 %');
    expect(second?.textContent).toContain('cancels 1,200.00 USD of 30,000.00 USD headroom');
    expect(second?.textContent).toContain('812.40');
    expect(third?.textContent).toContain('Under-used: 30-day 43 %');
    expect(third?.textContent).toContain('Right-size scope');
    expect(getByTestId('triage-show-hidden').textContent).toContain('Show hidden (1)');
    expect(getByTestId('triage-keys').querySelectorAll('kbd').length).toBeGreaterThanOrEqual(10);
  });

  it('walks the queue with j/k and the arrows, and opens the current reservation with Enter', async () => {
    const { container } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    expect(currentKey(container)).toBe('expiring_without_renewal:r1');
    await press('j');
    expect(currentKey(container)).toBe('idle:r2');
    await press('ArrowDown');
    expect(currentKey(container)).toBe('under_used:r3');
    await press('j');
    expect(currentKey(container)).toBe('under_used:r3');
    await press('k');
    expect(currentKey(container)).toBe('idle:r2');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-key')).toBe('idle:r2'));
    await press('Enter', document.activeElement ?? document.body);
    expect(location.hash).toBe('#/reservations/r2');
  });

  it('opens the tool of each action: f refund, x exchange and r renew on Overview, s on Configuration', async () => {
    const { container } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await press('j');
    await press('f');
    expect(location.hash).toBe('#/reservations/r2');
    expect(takeSheet('r2')).toBe('refund');
    await press('x');
    expect(takeSheet('r2')).toBe('exchange');
    await press('ArrowUp');
    await press('r');
    expect(location.hash).toBe('#/reservations/r1');
    expect(takeSheet('r1')).toBe('renew');
    await press('ArrowDown');
    await press('ArrowDown');
    await press('s');
    expect(location.hash).toBe('#/reservations/r3/configuration');
  });

  it('hides the current item with a reason: h opens the dialog, Enter submits, the next item becomes current', async () => {
    const { container, getByTestId, queryByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await press('j');
    await press('h');
    const dialog = getByTestId('triage-hide-dialog');
    expect(dialog).toBeTruthy();
    const reason = getByTestId('triage-hide-reason') as HTMLTextAreaElement;

    // The reason is required.
    await fireEvent.click(getByTestId('triage-hide-confirm'));
    expect(getByTestId('triage-hide-error')).toBeTruthy();
    expect(deskMock.hideTriageItem).not.toHaveBeenCalled();

    // Shift+Enter is a new line, not a submit.
    await fireEvent.input(reason, { target: { value: 'Workload moves back in January' } });
    await fireEvent.keyDown(reason, { key: 'Enter', shiftKey: true });
    expect(deskMock.hideTriageItem).not.toHaveBeenCalled();
    // The page's keys stay quiet while the dialog is open.
    await press('j', reason);
    await fireEvent.keyDown(reason, { key: 'Enter' });

    await waitFor(() => expect(queryByTestId('triage-hide-dialog')).toBeNull());
    expect(deskMock.hideTriageItem).toHaveBeenCalledWith('idle:r2', 'Workload moves back in January');
    expect(rows(container).map((r) => r.getAttribute('data-key'))).toEqual(['expiring_without_renewal:r1', 'under_used:r3']);
    expect(currentKey(container)).toBe('under_used:r3');
    expect(toasts.items.at(-1)?.text).toContain('audit log');
    expect(toasts.items.at(-1)?.text).toContain('VM_RI_r2');
  });

  it('undoes a hide right after it, with the toast’s Undo or with u', async () => {
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await press('j');
    await press('h');
    await fireEvent.input(getByTestId('triage-hide-reason'), { target: { value: 'Moves back in January' } });
    await fireEvent.click(getByTestId('triage-hide-confirm'));
    await waitFor(() => expect(rows(container)).toHaveLength(2));
    // u on a visible item undoes the hide just done.
    await press('u');
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    expect(deskMock.unhideTriageItem).toHaveBeenCalledWith('idle:r2');
    expect(currentKey(container)).toBe('idle:r2');

    // The toast's Undo does the same.
    await press('h');
    await fireEvent.input(getByTestId('triage-hide-reason'), { target: { value: 'Moves back in January' } });
    await fireEvent.click(getByTestId('triage-hide-confirm'));
    await waitFor(() => expect(rows(container)).toHaveLength(2));
    const undo = toasts.items.at(-1)?.action;
    expect(undo?.label).toBe('Undo');
    undo?.run();
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    expect(deskMock.unhideTriageItem).toHaveBeenCalledTimes(2);
    // Nothing left to undo: u on a visible item does nothing.
    await press('u');
    expect(deskMock.unhideTriageItem).toHaveBeenCalledTimes(2);
  });

  it('hides several marked items with one reason', async () => {
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await press(' ');
    await press('j');
    await press('j');
    await press(' ');
    expect(getByTestId('triage-marked').textContent).toContain('2 selected');
    expect(rows(container).map((r) => r.getAttribute('aria-checked'))).toEqual(['true', 'false', 'true']);
    await press('h');
    expect(getByTestId('triage-hide-dialog').textContent).toContain('Hide 2 items');
    expect(getByTestId('triage-hide-many').textContent).toBe('VM_RI_r1, VM_RI_r3');
    await fireEvent.input(getByTestId('triage-hide-reason'), { target: { value: 'Renewed by hand' } });
    await fireEvent.click(getByTestId('triage-hide-confirm'));
    await waitFor(() => expect(rows(container).map((r) => r.getAttribute('data-key'))).toEqual(['idle:r2']));
    expect(deskMock.hideTriageItem).toHaveBeenCalledWith('expiring_without_renewal:r1', 'Renewed by hand');
    expect(deskMock.hideTriageItem).toHaveBeenCalledWith('under_used:r3', 'Renewed by hand');
    expect(toasts.items.at(-1)?.text).toContain('Hid 2 items');
    await press('u');
    await waitFor(() => expect(rows(container)).toHaveLength(3));
  });

  it('when a many-item hide fails part way, keeps what was hidden and says what was not', async () => {
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await press(' ');
    await press('j');
    await press(' ');
    deskMock.hideTriageItem.mockImplementationOnce(async () => null).mockRejectedValueOnce({
      code: 'busy',
      message: 'The store is busy.',
      detail: null,
      file: null,
      line: null,
      field: null,
    });
    await press('h');
    await fireEvent.input(getByTestId('triage-hide-reason'), { target: { value: 'Renewed by hand' } });
    await fireEvent.click(getByTestId('triage-hide-confirm'));
    await waitFor(() => expect(toasts.items.map((t) => t.text).join(' ')).toContain('Hid 1 of 2; the rest could not be hidden: The store is busy.'));
    expect(container.querySelector('[data-testid="triage-hide-dialog"]')).toBeNull();
  });

  it('filters by customer and action, and sorts by unused money with unknown prices last', async () => {
    const other = '0a0a0a0a-1111-2222-3333-444444444444';
    deskMock.getTriage.mockResolvedValue(
      view([
        item('r1', 'expiring_without_renewal', 'renew', { reservation: reservation('r1', { unused_usd: '10.00' }) }),
        item('r2', 'idle', 'refund', { reservation: reservation('r2', { unused_usd: null }) }),
        item('r3', 'under_used', 'exchange_down', { reservation: reservation('r3', { unused_usd: '900.50', customer_id: other, customer_name: 'Fabrikam' }) }),
        item('r5', 'idle', 'refund', { reservation: reservation('r5', { unused_usd: '95.00' }) }),
      ]),
    );
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(4));
    const keys = () => rows(container).map((r) => r.getAttribute('data-reservation-id'));

    await fireEvent.change(getByTestId('triage-sort'), { target: { value: 'money' } });
    expect(keys()).toEqual(['r3', 'r5', 'r1', 'r2']);

    await fireEvent.change(getByTestId('triage-customer'), { target: { value: other } });
    expect(keys()).toEqual(['r3']);
    await fireEvent.change(getByTestId('triage-customer'), { target: { value: '' } });
    await fireEvent.change(getByTestId('triage-action-filter'), { target: { value: 'refund' } });
    expect(keys()).toEqual(['r5', 'r2']);
    await fireEvent.change(getByTestId('triage-customer'), { target: { value: other } });
    expect(getByTestId('triage-no-match').textContent).toContain('No item matches these filters');
    await fireEvent.click(getByTestId('triage-no-match').querySelector('button')!);
    expect(keys()).toEqual(['r3', 'r5', 'r1', 'r2']);
  });

  it('says "Renew or let go" for a reservation on its last days, never a refund of nothing', async () => {
    deskMock.getTriage.mockResolvedValue(
      view([
        item('r1', 'expiring_without_renewal', 'renew', { reservation: reservation('r1', { days_left: 1 }) }),
        item('r2', 'expiring_without_renewal', 'renew', { reservation: reservation('r2', { days_left: 0 }) }),
        item('r3', 'expiring_without_renewal', 'renew', { reservation: reservation('r3', { days_left: 2 }) }),
      ]),
    );
    const { container } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    const [tomorrow, today, later] = rows(container);
    expect(tomorrow?.textContent).toContain('Expires tomorrow and will not renew');
    expect(tomorrow?.textContent).toContain('Renew or let go');
    expect(today?.textContent).toContain('Expires today and will not renew');
    expect(today?.textContent).toContain('Renew or let go');
    expect(later?.textContent).not.toContain('let go');
  });

  it('says when a renewal buys a reservation that can never be exchanged, and r opens Renew', async () => {
    deskMock.getTriage.mockResolvedValue(
      view([item('r7', 'renews_not_exchangeable', 'renew', { reservation: reservation('r7', { expiry_date: '2027-02-10', days_left: 78, renew: true }) })]),
    );
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(1));
    expect(rows(container)[0]?.textContent).toContain('Renews on Feb 10, 2027 into a reservation that can never be exchanged');
    expect(getByTestId('triage').textContent).toContain('Renews, never exchangeable');
    await press('r');
    expect(takeSheet('r7')).toBe('renew');
  });

  it('cancels the hide dialog with Esc and keeps the item', async () => {
    const { container, getByTestId, queryByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await press('h');
    await fireEvent.keyDown(getByTestId('triage-hide-reason'), { key: 'Escape' });
    expect(queryByTestId('triage-hide-dialog')).toBeNull();
    expect(rows(container)).toHaveLength(3);
    expect(deskMock.hideTriageItem).not.toHaveBeenCalled();
  });

  it('keeps the dialog open and says why when the core refuses', async () => {
    deskMock.hideTriageItem.mockRejectedValue(
      new (await import('../api/desk')).DeskError({ code: 'invalid_input', message: 'reason: say in 1 to 500 characters', file: null, line: null, field: 'reason' }),
    );
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await press('h');
    await fireEvent.input(getByTestId('triage-hide-reason'), { target: { value: 'x' } });
    await fireEvent.click(getByTestId('triage-hide-confirm'));
    await waitFor(() => expect(getByTestId('error-message').textContent).toContain('1 to 500'));
    expect(getByTestId('triage-hide-dialog')).toBeTruthy();
    expect(rows(container)).toHaveLength(3);
  });

  it('shows hidden items with their reason and unhides them', async () => {
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await fireEvent.click(getByTestId('triage-show-hidden'));
    await waitFor(() => expect(rows(container)).toHaveLength(4));
    expect(deskMock.getTriage).toHaveBeenLastCalledWith(true, 0, null);
    expect(getByTestId('triage-show-hidden').getAttribute('aria-pressed')).toBe('true');
    const hidden = rows(container).find((r) => r.getAttribute('data-key') === 'renewal_lost:r4')!;
    expect(hidden.getAttribute('data-hidden')).toBe('true');
    expect(hidden.textContent).toContain('Customer renews by hand in March');

    await fireEvent.click(hidden.querySelector('[data-testid="triage-unhide"]')!);
    await waitFor(() => expect(deskMock.unhideTriageItem).toHaveBeenCalledWith('renewal_lost:r4'));
    expect(currentKey(container)).toBe('renewal_lost:r4');
    await waitFor(() => expect(toasts.items.at(-1)?.text).toContain('back in the queue'));
    await waitFor(() => expect(getByTestId('triage-show-hidden').textContent).toContain('Show hidden (0)'));
    expect(hidden.getAttribute('data-hidden')).toBe('false');
  });

  it('unhides the current hidden item with u', async () => {
    const { container, getByTestId } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    await fireEvent.click(getByTestId('triage-show-hidden'));
    await waitFor(() => expect(rows(container)).toHaveLength(4));
    await press('End');
    expect(currentKey(container)).toBe('renewal_lost:r4');
    await press('h'); // a hidden item cannot be hidden again
    expect(document.querySelector('[data-testid="triage-hide-dialog"]')).toBeNull();
    await press('u');
    expect(deskMock.unhideTriageItem).toHaveBeenCalledWith('renewal_lost:r4');
  });

  it('filters by kind with the counters', async () => {
    const { container } = render(Triage);
    await waitFor(() => expect(rows(container)).toHaveLength(3));
    const idle = container.querySelector<HTMLElement>('[data-testid="triage-kind"][data-kind="idle"]')!;
    expect(idle.textContent).toContain('1');
    await fireEvent.click(idle);
    expect(rows(container).map((r) => r.getAttribute('data-key'))).toEqual(['idle:r2']);
    await fireEvent.click(idle);
    expect(rows(container)).toHaveLength(3);
  });

  it('says that nothing needs a decision when the queue is empty', async () => {
    deskMock.getTriage.mockResolvedValue(view([], 0));
    const { findByTestId } = render(Triage);
    const empty = await findByTestId('triage-empty');
    expect(empty.textContent).toContain('Nothing needs a decision');
  });

  it('renders only a window of a long queue, while j/k and End walk all of it', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => item(`m${i}`, 'under_used', 'exchange_down'));
    deskMock.getTriage.mockResolvedValue(view(many));
    const { container } = render(Triage);
    await waitFor(() => expect(rows(container).length).toBeGreaterThan(0));
    expect(rows(container).length).toBeLessThan(80);
    await press('End');
    expect(currentKey(container)).toBe('under_used:m4999');
    await press('k');
    expect(currentKey(container)).toBe('under_used:m4998');
    expect(rows(container).length).toBeLessThan(80);
    const list = container.querySelector<HTMLElement>('[role="listbox"]')!;
    expect(list.style.height).toBe(`${5000 * 52}px`);
  });

  it('shows the error in plain words with a retry', async () => {
    const { DeskError } = await import('../api/desk');
    deskMock.getTriage.mockRejectedValueOnce(new DeskError({ code: 'store', message: 'The store is locked', file: null, line: null, field: null }));
    const { findByTestId, getByText, container } = render(Triage);
    expect((await findByTestId('error-message')).textContent).toBe('The store is locked');
    await fireEvent.click(getByText('Try again'));
    await waitFor(() => expect(rows(container)).toHaveLength(3));
  });
});
