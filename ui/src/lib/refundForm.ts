// The refund quote form: what the user typed, checked before it is sent to the core.
import { isoDateToUtcMillis } from './format';

export type RefundInputCheck =
  | { readonly ok: true; readonly quantity: number; readonly on: string }
  | { readonly ok: false; readonly field: 'quantity' | 'date'; readonly message: string };

/**
 * Checks the quantity (a whole number 1…held) and the return date (a real ISO day, not before
 * the benefit started). A number input reports an empty box as null.
 */
export function checkRefundInputs(
  quantity: number | null | undefined,
  date: string,
  held: number,
  benefitStart?: string,
): RefundInputCheck {
  if (quantity === null || quantity === undefined || Number.isNaN(quantity)) {
    return { ok: false, field: 'quantity', message: `Enter how many units to return (1 to ${held}).` };
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > held) {
    return { ok: false, field: 'quantity', message: `Return a whole number of units from 1 to ${held}.` };
  }
  if (isoDateToUtcMillis(date) === null) {
    return { ok: false, field: 'date', message: 'Enter the return date as a calendar day.' };
  }
  if (benefitStart !== undefined && date < benefitStart) {
    return { ok: false, field: 'date', message: `The return date cannot be before the benefit started (${benefitStart}).` };
  }
  return { ok: true, quantity, on: date };
}

/** Which of the quote's "how" lines explain a figure; the lines start with the figure's name. */
export type HowTopic = 'term' | 'commitment' | 'refund' | 'limit';

const HOW_PATTERNS: Record<HowTopic, RegExp> = {
  term: /^Term days/i,
  commitment: /^(Price per unit|Canceled commitment)/i,
  refund: /^(Monthly plan|Early-termination fee)/i,
  limit: /^Refund limit/i,
};

export function howLinesFor(lines: readonly string[], topic: HowTopic): string[] {
  return lines.filter((line) => HOW_PATTERNS[topic].test(line.trim()));
}
