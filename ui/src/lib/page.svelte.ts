// What the frame shows about the current view: its breadcrumb, and requests to focus the search.

export interface Crumb {
  readonly label: string;
  /** Where the crumb leads; the last crumb (the current page) has none. */
  readonly href?: string;
  /** True while the label is still being loaded. */
  readonly pending?: boolean;
}

export const page = $state<{ crumbs: Crumb[]; focusSearch: boolean }>({
  crumbs: [],
  focusSearch: false,
});

export function setCrumbs(crumbs: Crumb[]): void {
  page.crumbs = crumbs;
  const current = crumbs[crumbs.length - 1];
  document.title = current && !current.pending ? `${current.label} · Reservation Desk` : 'Reservation Desk';
}
