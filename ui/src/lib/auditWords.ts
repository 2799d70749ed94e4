// The audit log as sentences in the window's language: "Applied change plan 3 to reservation
// 1a2b…: Scope from Single subscription to Shared", not `plan.apply` and raw JSON. The raw
// action, subject and before/after stay one click away in the row.
import type { Configuration, TicketStatus } from '../api/desk';
import { t } from '../i18n/index.svelte';
import { planChanges } from './changes';
import { formatDate, formatUsd } from './format';
import { formatPolicyValue, isPolicyKey, policyLabel } from './policy';
import { ticketStatusLabel } from './tickets';

/** What an entry needs to be told in words. */
export interface AuditLike {
  readonly action: string;
  readonly subject: string;
  readonly before: string | null;
  readonly after: string | null;
}

function json(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isConfiguration(v: unknown): v is Configuration {
  return typeof v === 'object' && v !== null && 'scope_type' in v && 'renew' in v;
}

const STATUSES: readonly string[] = ['draft', 'submitted', 'resolved', 'cancelled'];
const statusWord = (s: string | null): string => (s !== null && STATUSES.includes(s) ? ticketStatusLabel(s as TicketStatus) : (s ?? '—'));

/** "plan 3 for reservation abc" → { plan: "3", reservation: "abc" }. */
function planSubject(subject: string): { plan: string; reservation: string } {
  const m = /^plan (\d+) for reservation (.+)$/.exec(subject);
  return m ? { plan: m[1] ?? '', reservation: m[2] ?? '' } : { plan: '?', reservation: subject };
}

/** "Scope: A → B; Auto-renew: Off → On" between two stored configurations, or ''. */
function configChanges(before: string | null, after: string | null): string {
  const [b, a] = [json(before), json(after)];
  if (!isConfiguration(b) || !isConfiguration(a)) return '';
  return planChanges(b, a)
    .map((l) => t('audit.s.changeLine', { what: l.what, from: l.from, to: l.to }))
    .join(t('reservation.plan.changeSeparator'));
}

function reasonOf(text: string | null): string {
  const v = json(text);
  return typeof v === 'object' && v !== null && 'reason' in v ? String((v as { reason: unknown }).reason) : '';
}

/** One audit entry as a sentence. An action this window does not know is shown as recorded. */
export function auditSentence(e: AuditLike): string {
  switch (e.action) {
    case 'plan.draft':
    case 'plan.apply':
    case 'plan.discard': {
      const { plan, reservation } = planSubject(e.subject);
      const changes = configChanges(e.before, e.after);
      const key = e.action === 'plan.draft' ? 'audit.s.planDraft' : e.action === 'plan.apply' ? 'audit.s.planApply' : 'audit.s.planDiscard';
      const head = t(key, { plan, reservation });
      if (e.action === 'plan.apply' && e.before === null && e.after !== null) return t('audit.s.accessApply', { plan, reservation });
      return changes ? `${head}: ${changes}` : head;
    }
    case 'ticket.draft':
      return t('audit.s.ticketDraft', { ticket: e.subject.replace(/^ticket /, ''), summary: e.after ?? '' });
    case 'ticket.edit':
      return t('audit.s.ticketEdit', { ticket: e.subject.replace(/^ticket /, '') });
    case 'ticket.status':
      return t('audit.s.ticketStatus', { ticket: e.subject.replace(/^ticket /, ''), from: statusWord(e.before), to: statusWord(e.after) });
    case 'ledger.refund':
      return t('audit.s.ledgerRefund', { amount: formatUsd(e.after ?? '0'), reservation: e.subject });
    case 'policy.set': {
      const m = /^(\S+) from (\d{4}-\d{2}-\d{2})$/.exec(e.subject);
      const key = m?.[1] ?? e.subject;
      const from = m?.[2] ?? '';
      const value = (v: string | null) => (v === null ? '' : isPolicyKey(key) ? formatPolicyValue(key, v) : v);
      return t(e.before === null ? 'audit.s.policyNew' : 'audit.s.policyChanged', {
        what: policyLabel(key),
        from: from ? formatDate(from) : '',
        value: value(e.after),
        was: value(e.before),
      });
    }
    case 'catalog.set':
      return t('audit.s.catalogSet', { what: e.subject, price: e.after ?? '' });
    case 'catalog.fetch': {
      const m = /^(\d+) retail prices in ([A-Z]{3})$/.exec(e.subject);
      return m ? t('audit.s.catalogFetch', { count: m[1] ?? '', currency: m[2] ?? '' }) : `${e.action} ${e.subject}`;
    }
    case 'import':
      return t('audit.s.import', { file: e.subject, summary: e.after ?? '' });
    case 'demo.load':
      return t('audit.s.demo');
    case 'triage.hide':
      return t('audit.s.triageHide', { key: e.subject, reason: reasonOf(e.after) });
    case 'triage.unhide':
      return t('audit.s.triageUnhide', { key: e.subject });
    case 'settings.review':
      return t('audit.s.settingsReview');
    case 'settings.azure_connection':
      return t('audit.s.settingsAzure');
    case 'settings.contact':
      return t('audit.s.settingsContact', { name: e.after ?? '' });
    default:
      return `${e.action} · ${e.subject}`;
  }
}
