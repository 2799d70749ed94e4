// The keys of the filter box above a list (the customer search, the review filter).

export interface FilterBoxList<T> {
  /** The text in the box. */
  readonly query: string;
  /** The rows the query leaves. */
  readonly shown: readonly T[];
  /** Empties the box. */
  clear(): void;
  /** Moves keyboard focus into the list. */
  focusList(): void;
  open(row: T): void;
}

/**
 * Escape empties a non-empty box, ArrowDown moves into the list, Enter opens the only row left.
 * Returns whether the key was used (its default is then prevented).
 */
export function filterBoxKeydown<T>(event: KeyboardEvent, list: FilterBoxList<T>): boolean {
  const only = list.shown.length === 1 ? list.shown[0] : undefined;
  if (event.key === 'Escape' && list.query !== '') list.clear();
  else if (event.key === 'ArrowDown') list.focusList();
  else if (event.key === 'Enter' && only !== undefined) list.open(only);
  else return false;
  event.preventDefault();
  return true;
}
