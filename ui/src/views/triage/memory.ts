// Where the user was in the queue, kept between visits: coming back from a reservation lands on
// the same item, with the same kind filter and hidden items shown or not.
import type { TriageAction, TriageKind } from '../../api/desk';
import type { TriageSort } from './filter';

export const triageMemory: {
  key: string | null;
  kind: TriageKind | null;
  customer: string | null;
  action: TriageAction | null;
  sort: TriageSort;
  showHidden: boolean;
} = {
  key: null,
  kind: null,
  customer: null,
  action: null,
  sort: 'urgency',
  showHidden: false,
};

/** Forgets the place (tests start from a clean queue). */
export function resetTriageMemory(): void {
  triageMemory.key = null;
  triageMemory.kind = null;
  triageMemory.customer = null;
  triageMemory.action = null;
  triageMemory.sort = 'urgency';
  triageMemory.showHidden = false;
}
