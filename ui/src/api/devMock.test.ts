// The development mock (ui/dev, `npm run dev` then /?mock) answers the window's browse path with
// values of the bindings' types, so it cannot drift from the core unnoticed.
import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { installMock } from '../../dev/mock';
import { DeskError, desk } from './desk';

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('the dev mock', () => {
  it('answers the browse path, quotes and settings with well-formed values', { timeout: 20_000 }, async () => {
    installMock('default');
    const info = await desk.storeInfo();
    expect(info.customers).toBeGreaterThan(0);
    const customers = await desk.listCustomers(null);
    expect(customers.length).toBe(info.customers);
    const first = customers[0]!;
    const detail = await desk.getCustomer(first.tenant_id);
    expect(detail.customer.tenant_id).toBe(first.tenant_id);
    const reservations = await desk.listReservations(first.tenant_id);
    expect(reservations.length).toBeGreaterThan(0);
    const r = reservations[0]!;
    expect(r.customer_id).toBe(first.tenant_id);
    expect((await desk.getReservation(r.id)).id).toBe(r.id);
    expect(Array.isArray(await desk.getUtilization(r.id))).toBe(true);
    const quote = await desk.refundQuote(r.id, null, null);
    expect(quote.reservation_id).toBe(r.id);
    expect(typeof quote.refund?.amount).toBe('string');
    expect(Array.isArray(await desk.listTickets())).toBe(true);
    expect((await desk.listPolicy()).length).toBeGreaterThan(0);
    expect(Array.isArray(await desk.listCatalog())).toBe(true);
    expect(Array.isArray(await desk.listPlans())).toBe(true);
  });

  it('answers a reservation that is not there as the core does: not_found', async () => {
    installMock('default');
    const failure = await desk.getReservation('no-such-id').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeskError);
    expect((failure as DeskError).code).toBe('not_found');
  });
});
