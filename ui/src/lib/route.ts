// Hash routes: the app runs from Tauri's own protocol, so the location hash carries the place.

export type ReservationTab = 'overview' | 'iam' | 'configuration' | 'properties' | 'support';

export const RESERVATION_TABS: readonly ReservationTab[] = [
  'overview',
  'iam',
  'configuration',
  'properties',
  'support',
];

export type Route =
  | { readonly name: 'customers' }
  | { readonly name: 'customer'; readonly tenantId: string }
  | { readonly name: 'reservation'; readonly reservationId: string; readonly tab: ReservationTab }
  | { readonly name: 'tickets' }
  | { readonly name: 'ticket'; readonly ticketId: number }
  | { readonly name: 'changes' }
  | { readonly name: 'audit' }
  | { readonly name: 'import' }
  | { readonly name: 'settings' }
  | { readonly name: 'not-found'; readonly path: string };

function isTab(value: string): value is ReservationTab {
  return (RESERVATION_TABS as readonly string[]).includes(value);
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '' || path === 'customers') return { name: 'customers' };
  if (path === 'tickets') return { name: 'tickets' };
  if (path === 'settings') return { name: 'settings' };
  if (path === 'changes') return { name: 'changes' };
  if (path === 'audit') return { name: 'audit' };
  if (path === 'import') return { name: 'import' };
  const parts = path.split('/').map(decode);
  if (parts.some((p) => p === null || p === '')) return { name: 'not-found', path };
  const [first, second, third, ...rest] = parts as string[];
  if (first === 'customers' && second !== undefined && third === undefined) {
    return { name: 'customer', tenantId: second };
  }
  if (first === 'tickets' && second !== undefined && third === undefined && /^[1-9]\d{0,8}$/.test(second)) {
    return { name: 'ticket', ticketId: Number(second) };
  }
  if (first === 'reservations' && second !== undefined && rest.length === 0) {
    if (third === undefined) return { name: 'reservation', reservationId: second, tab: 'overview' };
    if (isTab(third)) return { name: 'reservation', reservationId: second, tab: third };
  }
  return { name: 'not-found', path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'customers':
      return '#/customers';
    case 'customer':
      return `#/customers/${encodeURIComponent(route.tenantId)}`;
    case 'reservation': {
      const base = `#/reservations/${encodeURIComponent(route.reservationId)}`;
      return route.tab === 'overview' ? base : `${base}/${route.tab}`;
    }
    case 'tickets':
      return '#/tickets';
    case 'ticket':
      return `#/tickets/${route.ticketId}`;
    case 'changes':
      return '#/changes';
    case 'audit':
      return '#/audit';
    case 'import':
      return '#/import';
    case 'settings':
      return '#/settings';
    case 'not-found':
      return `#/${route.path}`;
  }
}
