// Windowing arithmetic for lists of fixed-height rows: which rows belong in the DOM for a scroll
// position, how tall the space around them is, how far to scroll to reveal a row and where the
// list keys move to. Pure functions, so the lists (DataTable, Triage) share one tested copy.

/** Height (px) assumed for a scroller that has not been measured yet. */
export const UNMEASURED_VIEWPORT = 960;

/** The rows to render: indices `first` (inclusive) to `last` (exclusive). */
export interface RowRange {
  readonly first: number;
  readonly last: number;
}

export interface WindowGeometry {
  /** Height of every row (px). */
  readonly rowHeight: number;
  /** Rows kept in the DOM beyond each edge of the view, so fast scrolling shows no gap. */
  readonly overscan: number;
}

/**
 * The rows in view at `scrollTop` in a viewport `viewport` px tall (0: not measured yet), plus
 * `overscan` rows either side, clamped to the list.
 */
export function rowRange(count: number, scrollTop: number, viewport: number, geometry: WindowGeometry): RowRange {
  const { rowHeight, overscan } = geometry;
  const top = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const first = Math.min(top, Math.max(0, count));
  const span = Math.ceil((viewport || UNMEASURED_VIEWPORT) / rowHeight) + overscan * 2;
  return { first, last: Math.max(first, Math.min(count, first + span)) };
}

/** Heights (px) of the empty space standing in for the rows before and after `range`. */
export function spacerHeights(range: RowRange, count: number, rowHeight: number): { before: number; after: number } {
  return { before: range.first * rowHeight, after: Math.max(0, count - range.last) * rowHeight };
}

/** The indices of `range`, plus `pinned` when it lies outside (so a focused row stays in the DOM). */
export function renderedIndices(range: RowRange, pinned = -1): number[] {
  const indices: number[] = [];
  for (let i = range.first; i < range.last; i += 1) indices.push(i);
  if (pinned >= 0 && (pinned < range.first || pinned >= range.last)) indices.push(pinned);
  return indices;
}

/** Rows that fit in a scroller `height` px tall under a sticky header `header` px tall; at least 1. */
export function pageRows(height: number, header: number, rowHeight: number): number {
  return Math.max(1, Math.floor((height - header) / rowHeight));
}

/**
 * The scroll position that brings row `index` fully into a body `bodyHeight` px tall (the
 * scroller below its sticky header) while moving as little as possible; null when it is in view
 * already or the body has no height.
 */
export function revealScrollTop(index: number, rowHeight: number, scrollTop: number, bodyHeight: number): number | null {
  if (bodyHeight <= 0) return null;
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + bodyHeight) return top + rowHeight - bodyHeight;
  return null;
}

/**
 * Where a list-navigation key moves the current row among `count` rows (`current` -1: none yet;
 * `page`: rows a page key moves). Null for a key that does not move, or an empty list.
 */
export function navigateIndex(key: string, current: number, count: number, page: number): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return current < 0 ? 0 : Math.min(last, current + 1);
    case 'ArrowUp':
    case 'k':
      return current < 0 ? 0 : Math.max(0, current - 1);
    case 'PageDown':
      return Math.min(last, Math.max(0, current) + page);
    case 'PageUp':
      return Math.max(0, current - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
