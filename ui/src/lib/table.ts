// Column definitions shared by the data tables.
import type { SortKey } from './sort';

export interface Column<T> {
  readonly id: string;
  readonly label: string;
  /** A CSS width for the column ("120px", "18%"); columns without one share what is left. */
  readonly width?: string;
  readonly align?: 'start' | 'end';
  /** Present when the column can be sorted by clicking its header. */
  readonly sortKey?: (row: T) => SortKey;
  /** Groups kept in ascending order in both sort directions (active rows before ended ones). */
  readonly sortGroup?: (row: T) => number;
  /** Text for the cell's tooltip, so truncated text can always be read. */
  readonly title?: (row: T) => string;
  /** Plain text of the cell, used when the table has no cell snippet for it. */
  readonly text?: (row: T) => string;
  /** The cell as an exported CSV holds it, when it is neither `text` nor `title` (a Money cell). */
  readonly csvText?: (row: T) => string;
  /** Header tooltip explaining the column. */
  readonly headerTitle?: string;
}

export const ROW_HEIGHT = 32;

/** A list's rows as an exported CSV holds them: the header labels, and each cell's own words. */
export function tableOf<T>(columns: readonly Column<T>[], rows: readonly T[]): { header: string[]; rows: string[][] } {
  const cellText = (c: Column<T>, r: T): string => (c.csvText ?? c.text ?? c.title)?.(r) ?? '';
  return { header: columns.map((c) => c.label), rows: rows.map((r) => columns.map((c) => cellText(c, r))) };
}
