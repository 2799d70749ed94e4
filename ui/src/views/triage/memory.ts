// Where the user was in the queue, kept between visits: coming back from a reservation lands on
// the same item, with the same kind filter and hidden items shown or not.
import type { TriageKind } from '../../api/desk';

export const triageMemory: { key: string | null; kind: TriageKind | null; showHidden: boolean } = {
  key: null,
  kind: null,
  showHidden: false,
};

/** Forgets the place (tests start from a clean queue). */
export function resetTriageMemory(): void {
  triageMemory.key = null;
  triageMemory.kind = null;
  triageMemory.showHidden = false;
}
