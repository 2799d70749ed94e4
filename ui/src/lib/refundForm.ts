// The refund quote form: what the user typed, checked before it is sent to the core; and the
// quote's explanations (reasons, "how" lines, where the money goes) in the current language.
import type { PolicyKey, Reason, RefundQuoteView, ReservationView } from '../api/desk';
import { en } from '../i18n/en';
import { i18n, t } from '../i18n/index.svelte';
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
    return { ok: false, field: 'quantity', message: t('quote.refund.check.quantityEmpty', { held }) };
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > held) {
    return { ok: false, field: 'quantity', message: t('quote.refund.check.quantityRange', { held }) };
  }
  if (isoDateToUtcMillis(date) === null) {
    return { ok: false, field: 'date', message: t('quote.refund.check.date') };
  }
  if (benefitStart !== undefined && date < benefitStart) {
    return { ok: false, field: 'date', message: t('quote.refund.check.beforeStart', { start: benefitStart }) };
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

/**
 * The words of why Azure would refuse, one per reason code. English shows the core's own
 * messages (the CLI prints the same); other languages word the codes.
 */
export function reasonTexts(q: { readonly reasons: readonly Reason[]; readonly reason_messages: readonly string[] }): string[] {
  if (i18n.locale === 'en' || q.reasons.length !== q.reason_messages.length) return [...q.reason_messages];
  return q.reasons.map((code) => t(`quote.reason.${code}`));
}

/** Where a refund's money goes: the core's fixed CSP text, in the current language. */
export function refundDestinationText(destination: string): string {
  return destination === en['quote.refund.destination.csp'] ? t('quote.refund.destination.csp') : destination;
}

/**
 * The "how" lines of a refund quote (all, or those of one figure). English shows the core's own
 * lines; other languages compose them from the quote's values, the reservation's dates and the
 * dated policy values the quote used, with the same numbers as the core writes them.
 */
/** The fact no imported file gave that stops every figure of the quote (price first). */
export function unknownFact(q: { readonly reasons: readonly Reason[] }): 'PriceUnknown' | 'BillingPlanUnknown' | 'TermUnknown' {
  const facts = ['PriceUnknown', 'BillingPlanUnknown', 'TermUnknown'] as const;
  return facts.find((f) => q.reasons.includes(f)) ?? 'PriceUnknown';
}

export function refundHowLines(
  q: RefundQuoteView,
  r: Pick<ReservationView, 'benefit_start' | 'expiry_date'>,
  topic?: HowTopic,
): string[] {
  if (i18n.locale === 'en') return topic === undefined ? [...q.how] : howLinesFor(q.how, topic);
  const policy = (key: PolicyKey) => q.policy.find((p) => p.key === key);
  const money = (m: { amount: string; currency: string } | null) => (m ? `${m.amount} ${m.currency}` : t('common.unknown'));
  const lines: { topic: HowTopic; text: string }[] = [
    {
      topic: 'term',
      text: t('quote.how.term', {
        term: q.term_days,
        start: r.benefit_start,
        expiry: r.expiry_date,
        remaining: q.remaining_days,
        on: q.on,
      }),
    },
    q.canceled_commitment === null
      ? { topic: 'commitment', text: t('quote.how.priceUnknown', { reason: t(`quote.reason.${unknownFact(q)}`) }) }
      : { topic: 'commitment', text: t('quote.how.price', { price: money(q.unit_price_basis) }) },
  ];
  if (q.canceled_commitment !== null) {
    lines.push({
      topic: 'commitment',
      text: t('quote.how.commitment', {
        quantity: q.quantity,
        canceled: money(q.canceled_commitment),
        canceledUsd: money(q.canceled_commitment_usd),
      }),
    });
  }
  if (q.paid_to_date && q.future_payments_canceled) {
    lines.push({
      topic: 'refund',
      text: t('quote.how.monthly', { paid: money(q.paid_to_date), future: money(q.future_payments_canceled) }),
    });
  }
  const fee = policy('early_termination_fee_rate');
  // Like the core's lines: with an unknown price only the days are explained.
  if (q.canceled_commitment === null) return lines.filter((l) => topic === undefined || l.topic === topic).map((l) => l.text);
  lines.push({
    topic: 'refund',
    text: t(q.paid_to_date ? 'quote.how.feeMonthly' : 'quote.how.fee', {
      rate: q.fee_rate,
      from: fee?.effective_from ?? '—',
      fee: money(q.fee),
      refund: money(q.refund),
    }),
  });
  lines.push({
    topic: 'limit',
    text: t('quote.how.limit', {
      limit: q.limit_usd,
      days: policy('refund_window_days')?.value ?? '—',
      from: policy('refund_limit_usd')?.effective_from ?? '—',
      used: q.used_usd,
      available: q.available_usd,
    }),
  });
  return lines.filter((l) => topic === undefined || l.topic === topic).map((l) => l.text);
}
