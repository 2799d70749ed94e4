// Support requests: their words, the moves a status allows, and where a field lives in the steps.
import type { TicketKind, TicketStatus, TicketView } from '../api/desk';
import { t } from '../i18n/index.svelte';

export const TICKET_STATUSES: readonly TicketStatus[] = ['draft', 'submitted', 'resolved', 'cancelled'];

/** A status in words, in the current language. */
export function ticketStatusLabel(status: TicketStatus): string {
  return t(`tickets.status.${status}`);
}

/** A kind in words, in the current language. */
export function ticketKindLabel(kind: TicketKind): string {
  return t(`tickets.kind.${kind}`);
}

// The words by status and kind. Each entry is a getter so it follows the language at read time;
// read them where the UI renders (the template, a `$derived`), never once at load.
export const TICKET_STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  get draft() {
    return ticketStatusLabel('draft');
  },
  get submitted() {
    return ticketStatusLabel('submitted');
  },
  get resolved() {
    return ticketStatusLabel('resolved');
  },
  get cancelled() {
    return ticketStatusLabel('cancelled');
  },
};

export const TICKET_KIND_LABELS: Readonly<Record<TicketKind, string>> = {
  get refund() {
    return ticketKindLabel('refund');
  },
  get exchange() {
    return ticketKindLabel('exchange');
  },
  get other() {
    return ticketKindLabel('other');
  },
};

export type TicketFilter = 'all' | 'open' | TicketStatus;

/** "open" is what still needs the user: drafts and requests Microsoft has not resolved. */
export function filterTickets(tickets: readonly TicketView[], filter: TicketFilter): TicketView[] {
  if (filter === 'all') return [...tickets];
  if (filter === 'open') return tickets.filter((t) => t.status === 'draft' || t.status === 'submitted');
  return tickets.filter((t) => t.status === filter);
}

export function countByFilter(tickets: readonly TicketView[]): Record<TicketFilter, number> {
  const counts: Record<TicketFilter, number> = { all: 0, open: 0, draft: 0, submitted: 0, resolved: 0, cancelled: 0 };
  for (const t of tickets) {
    counts.all++;
    counts[t.status]++;
    if (t.status === 'draft' || t.status === 'submitted') counts.open++;
  }
  return counts;
}

/** The moves the core allows from a status (draft → submitted/cancelled, submitted → resolved/cancelled). */
export function allowedMoves(status: TicketStatus): { submit: boolean; resolve: boolean; cancel: boolean } {
  return {
    submit: status === 'draft',
    resolve: status === 'submitted',
    cancel: status === 'draft' || status === 'submitted',
  };
}

export type TicketStep = 1 | 2 | 3;

const STEP_OF_FIELD: Record<string, TicketStep> = {
  issue_type: 1,
  subscription_id: 1,
  problem_type: 2,
  category: 2,
  summary: 2,
  description: 2,
  reason: 2,
  preferred_contact_method: 3,
  severity: 3,
  name: 3,
  email: 3,
  phone: 3,
  country: 3,
  time_zone: 3,
  language: 3,
};

/** The step holding a field the core complained about ("email", "contact.email"), or null. */
export function stepOfField(field: string | null): TicketStep | null {
  if (field === null) return null;
  const last = field.split('.').pop() ?? field;
  return STEP_OF_FIELD[last] ?? null;
}

/** The label of a field the core reports as missing (`TicketView.missing`), in the current language. */
export function missingFieldLabel(field: string): string {
  switch (field) {
    case 'summary':
      return t('tickets.field.summary');
    case 'description':
      return t('tickets.field.description');
    case 'reason':
      return t('tickets.field.reason');
    case 'preferred_contact_method':
      return t('tickets.field.contactMethod');
    case 'name':
      return t('tickets.field.name');
    case 'email':
      return t('tickets.field.email');
    case 'phone':
      return t('tickets.field.phone');
    case 'country':
      return t('tickets.field.country');
    default:
      return field;
  }
}

/** The input to focus for a missing field (the reason is a line of the description). */
export function inputOfField(field: string): string {
  return field === 'reason' ? 'description' : field;
}

/**
 * Puts the caret at the end of the description's empty "Reason:" line, so typing fills it in.
 * Returns false when there is no such line.
 */
export function caretAtReason(area: HTMLTextAreaElement): boolean {
  const match = /^[ \t]*Reason:[ \t]*$/m.exec(area.value);
  if (!match) return false;
  const end = match.index + match[0].length;
  area.focus();
  area.setSelectionRange(end, end);
  return true;
}

/** The field's bare name ("contact.email" → "email"), to match the editor's inputs. */
export function bareField(field: string | null): string | null {
  if (field === null) return null;
  return field.split('.').pop() ?? field;
}

/**
 * The core's field message as a sentence for next to the field:
 * 'email: expected an email address (found "x")' → 'Expected an email address.'
 */
export function fieldMessage(message: string, field: string | null): string {
  let text = message.trim();
  const bare = bareField(field);
  for (const prefix of [field, bare]) {
    if (prefix && text.toLowerCase().startsWith(`${prefix.toLowerCase()}:`)) {
      text = text.slice(prefix.length + 1).trim();
      break;
    }
  }
  text = text.replace(/\s*\(found [^)]*\)\s*$/, '').trim();
  if (text === '') return message;
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
