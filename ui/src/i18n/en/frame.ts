// The window's frame: navigation rail, top bar, breadcrumb, status bar, demo banner.
export const frame = {
  'frame.brand': 'Reservation Desk',
  'nav.main': 'Main',
  'nav.dashboard': 'Dashboard',
  'nav.customers': 'Customers',
  'nav.triage': 'Triage',
  'nav.calendar': 'Calendar',
  'nav.tickets': 'Tickets',
  'nav.changes': 'Changes',
  'nav.import': 'Import',
  'nav.settings': 'Settings',
} as const;
