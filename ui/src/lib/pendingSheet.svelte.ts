// A tool another view asked the reservation page to open on arrival: the Triage queue sets it
// before navigating, the reservation's Overview takes it once when it mounts.

export type PendingSheetKind = 'refund' | 'exchange' | 'renew';

export interface PendingSheet {
  readonly reservationId: string;
  readonly sheet: PendingSheetKind;
}

let pending: PendingSheet | null = null;

/** Asks the next Overview of `reservationId` to open `sheet`. */
export function requestSheet(reservationId: string, sheet: PendingSheetKind): void {
  pending = { reservationId, sheet };
}

/** The sheet waiting for `reservationId`, handed out once; a request for another reservation is dropped. */
export function takeSheet(reservationId: string): PendingSheetKind | null {
  const found = pending;
  pending = null;
  if (!found || found.reservationId.toLowerCase() !== reservationId.toLowerCase()) return null;
  return found.sheet;
}
