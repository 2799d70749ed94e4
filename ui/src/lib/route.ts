// Hash routes: the app runs from Tauri's own protocol, so the location hash carries the place.
import type { ReviewFilter } from '../api/desk';

export type ReservationTab = 'overview' | 'iam' | 'configuration' | 'properties' | 'support';

export const RESERVATION_TABS: readonly ReservationTab[] = [
  'overview',
  'iam',
  'configuration',
  'properties',
  'support',
];

export type Route =
  | { readonly name: 'dashboard' }
  | { readonly name: 'review'; readonly filter: ReviewFilter }
  | { readonly name: 'triage' }
  | { readonly name: 'calendar' }
  | { readonly name: 'report'; readonly tenantId: string }
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

/** The review list a `#/review/<kind>[/<arg>]` path names, or null. */
export function parseReviewFilter(kind: string, arg: string | undefined): ReviewFilter | null {
  switch (kind) {
    case 'active':
    case 'under_utilized':
    case 'recently_expired':
    case 'renewal_lost':
    case 'no_utilization_data':
    case 'without_price':
      return arg === undefined ? { kind } : null;
    case 'currency':
      return arg !== undefined && /^[A-Za-z]{3}$/.test(arg) ? { kind, currency: arg.toUpperCase() } : null;
    case 'expiring':
      return arg !== undefined && /^\d{1,4}$/.test(arg) ? { kind, days: Number(arg) } : null;
    case 'utilization_band': {
      const m = arg === undefined ? null : /^(\d{1,3})-(\d{1,3})$/.exec(arg);
      return m ? { kind, from: Number(m[1]), to: Number(m[2]) } : null;
    }
    case 'expiry_month':
      return arg !== undefined && /^\d{4}-\d{2}$/.test(arg) ? { kind, month: arg } : null;
    case 'customer_under_utilized':
      return arg !== undefined ? { kind, tenant_id: arg } : null;
    default:
      return null;
  }
}

function reviewPath(filter: ReviewFilter): string {
  switch (filter.kind) {
    case 'currency':
      return `currency/${filter.currency}`;
    case 'expiring':
      return `expiring/${filter.days}`;
    case 'utilization_band':
      return `utilization_band/${filter.from}-${filter.to}`;
    case 'expiry_month':
      return `expiry_month/${filter.month}`;
    case 'customer_under_utilized':
      return `customer_under_utilized/${encodeURIComponent(filter.tenant_id)}`;
    default:
      return filter.kind;
  }
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '' || path === 'dashboard') return { name: 'dashboard' };
  if (path === 'triage') return { name: 'triage' };
  if (path === 'calendar') return { name: 'calendar' };
  if (path === 'customers') return { name: 'customers' };
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
  if (first === 'customers' && second !== undefined && third === 'report' && rest.length === 0) {
    return { name: 'report', tenantId: second };
  }
  if (first === 'review' && second !== undefined && rest.length === 0) {
    const filter = parseReviewFilter(second, third);
    if (filter) return { name: 'review', filter };
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
    case 'dashboard':
      return '#/dashboard';
    case 'review':
      return `#/review/${reviewPath(route.filter)}`;
    case 'triage':
      return '#/triage';
    case 'calendar':
      return '#/calendar';
    case 'report':
      return `#/customers/${encodeURIComponent(route.tenantId)}/report`;
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
