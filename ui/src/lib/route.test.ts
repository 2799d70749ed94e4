import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, type Route } from './route';

describe('parseHash', () => {
  it('lands on Customers for an empty hash', () => {
    expect(parseHash('')).toEqual({ name: 'customers' });
    expect(parseHash('#/')).toEqual({ name: 'customers' });
    expect(parseHash('#/customers')).toEqual({ name: 'customers' });
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
