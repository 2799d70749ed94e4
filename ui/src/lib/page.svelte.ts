// What the frame shows about the current view: its breadcrumb, and requests to focus the search.
import { t } from '../i18n/index.svelte';

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

/** The window's title for a breadcrumb: "Customers · Reservation Desk", in the UI language. */
export function windowTitle(crumbs: readonly Crumb[]): string {
  const current = crumbs[crumbs.length - 1];
  return current && !current.pending ? t('frame.windowTitle', { page: current.label }) : t('frame.brand');
}

/** Sets the breadcrumb. Call it from an `$effect` with labels from `t` so they follow the language. */
export function setCrumbs(crumbs: Crumb[]): void {
  page.crumbs = crumbs;
  document.title = windowTitle(crumbs);
}
