import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, type Route } from './route';

describe('parseHash', () => {
  it('lands on the Dashboard for an empty hash', () => {
    expect(parseHash('')).toEqual({ name: 'dashboard' });
    expect(parseHash('#/')).toEqual({ name: 'dashboard' });
    expect(parseHash('#/customers')).toEqual({ name: 'customers' });
    expect(parseHash('#/triage')).toEqual({ name: 'triage' });
    expect(parseHash('#/calendar')).toEqual({ name: 'calendar' });
  });

  it('reads the list behind each dashboard figure and writes it back', () => {
    const cases: Array<[string, Route]> = [
      ['#/review/expiring/30', { name: 'review', filter: { kind: 'expiring', days: 30 } }],
      ['#/review/under_utilized', { name: 'review', filter: { kind: 'under_utilized' } }],
      ['#/review/without_price', { name: 'review', filter: { kind: 'without_price' } }],
      ['#/review/currency/EUR', { name: 'review', filter: { kind: 'currency', currency: 'EUR' } }],
      ['#/review/utilization_band/10-20', { name: 'review', filter: { kind: 'utilization_band', from: 10, to: 20 } }],
      ['#/review/expiry_month/2027-01', { name: 'review', filter: { kind: 'expiry_month', month: '2027-01' } }],
      ['#/review/customer_under_utilized/t1', { name: 'review', filter: { kind: 'customer_under_utilized', tenant_id: 't1' } }],
      ['#/customers/t1/report', { name: 'report', tenantId: 't1' }],
    ];
    for (const [hash, route] of cases) {
      expect(parseHash(hash)).toEqual(route);
      expect(hrefFor(route)).toBe(hash);
    }
    expect(parseHash('#/review/expiring/soon').name).toBe('not-found');
    expect(parseHash('#/review/nonsense').name).toBe('not-found');
  });

  it('reads a customer and a reservation with its tab', () => {
    expect(parseHash('#/customers/abc')).toEqual({ name: 'customer', tenantId: 'abc' });
    expect(parseHash('#/reservations/r1')).toEqual({ name: 'reservation', reservationId: 'r1', tab: 'overview' });
    expect(parseHash('#/reservations/r1/properties')).toEqual({
      name: 'reservation',
      reservationId: 'r1',
      tab: 'properties',
    });
  });

  it('reads the tickets list, one ticket and the settings', () => {
    expect(parseHash('#/tickets')).toEqual({ name: 'tickets' });
    expect(parseHash('#/tickets/12')).toEqual({ name: 'ticket', ticketId: 12 });
    expect(parseHash('#/settings/')).toEqual({ name: 'settings' });
  });

  it('reads the import view', () => {
    expect(parseHash('#/import')).toEqual({ name: 'import' });
    expect(parseHash('#/import/')).toEqual({ name: 'import' });
    expect(parseHash('#/import/x').name).toBe('not-found');
  });

  it('reports unknown places instead of guessing', () => {
    expect(parseHash('#/reservations/r1/billing').name).toBe('not-found');
    expect(parseHash('#/tickets/abc').name).toBe('not-found');
    expect(parseHash('#/tickets/0').name).toBe('not-found');
    expect(parseHash('#/tickets/1/2').name).toBe('not-found');
    expect(parseHash('#/customers/%E0%A4%A').name).toBe('not-found');
  });
});

describe('hrefFor', () => {
  it('round-trips through parseHash, encoding odd characters', () => {
    const routes: Route[] = [
      { name: 'customers' },
      { name: 'customer', tenantId: 'a/b c' },
      { name: 'reservation', reservationId: 'r 1', tab: 'overview' },
      { name: 'reservation', reservationId: 'r1', tab: 'support' },
      { name: 'tickets' },
      { name: 'ticket', ticketId: 7 },
      { name: 'settings' },
      { name: 'import' },
    ];
    for (const route of routes) expect(parseHash(hrefFor(route))).toEqual(route);
  });
});

describe('changes and audit routes', () => {
  it('reads and writes #/changes and #/audit', () => {
    expect(parseHash('#/changes')).toEqual({ name: 'changes' });
    expect(parseHash('#/audit/')).toEqual({ name: 'audit' });
    expect(hrefFor({ name: 'changes' })).toBe('#/changes');
    expect(hrefFor({ name: 'audit' })).toBe('#/audit');
  });
});
