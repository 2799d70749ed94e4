// Where the user was in the calendar, kept between visits (coming back from a reservation).
import type { ResourceType } from '../../api/desk';

export interface CalendarMemory {
  view: 'month' | 'timeline';
  /** "YYYY-MM"; null means the current month. */
  month: string | null;
  /** The selected day; null means today (or the month's first day). */
  selected: string | null;
  customer: { id: string; name: string } | null;
  type: ResourceType | null;
  region: string | null;
}

export const calendarMemory: CalendarMemory = {
  view: 'month',
  month: null,
  selected: null,
  customer: null,
  type: null,
  region: null,
};

/** Forgets the place (tests start from the current month, unfiltered). */
export function resetCalendarMemory(): void {
  Object.assign(calendarMemory, { view: 'month', month: null, selected: null, customer: null, type: null, region: null });
}
