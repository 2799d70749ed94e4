// Column widths the user dragged, remembered per table in the window's local storage (a view
// preference, not data: it stays on this machine and never enters the store).

const PREFIX = 'rdesk.columns.';
/** No column is dragged narrower than this, so its header stays clickable. */
export const MIN_COLUMN_PX = 48;
/** Nor wider than this. */
export const MAX_COLUMN_PX = 1200;

export type Widths = Readonly<Record<string, number>>;

/** The remembered widths of a table; {} when none, or when what is stored is not widths. */
export function loadWidths(table: string): Widths {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + table);
    if (!raw) return {};
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = clampWidth(v);
    return out;
  } catch {
    return {};
  }
}

/** Remembers the widths of a table ({} forgets them). */
export function saveWidths(table: string, widths: Widths): void {
  try {
    if (Object.keys(widths).length === 0) globalThis.localStorage?.removeItem(PREFIX + table);
    else globalThis.localStorage?.setItem(PREFIX + table, JSON.stringify(widths));
  } catch {
    // Storage full or refused: the widths last for this session only.
  }
}

export function clampWidth(px: number): number {
  return Math.round(Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, px)));
}
