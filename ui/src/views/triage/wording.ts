// How a triage item reads: why it is in the queue (with its figures), what to do, and where that is.
// Functions, not constants, so the words follow a language switch.
import type { ComponentProps } from 'svelte';
import type { TriageAction, TriageItemView, TriageKind } from '../../api/desk';
import type Icon from '../../components/Icon.svelte';
import { plural, t } from '../../i18n/index.svelte';
import { formatDate, formatInteger, formatUsd, formatWholePercent } from '../../lib/format';
import type { PendingSheetKind } from '../../lib/pendingSheet.svelte';
import type { ReservationTab } from '../../lib/route';

type IconName = ComponentProps<typeof Icon>['name'];

export const KINDS: readonly TriageKind[] = ['idle', 'under_used', 'renews_not_exchangeable', 'expiring_without_renewal', 'renewal_lost'];

export const KIND_ICON: Record<TriageKind, IconName> = {
  idle: 'ended',
  under_used: 'warning',
  expiring_without_renewal: 'clock',
  renewal_lost: 'cancelled',
  renews_not_exchangeable: 'exchange',
};

export const ACTION_ICON: Record<TriageAction, IconName> = {
  renew: 'renew',
  exchange_down: 'exchange',
  refund: 'refund',
  right_size_scope: 'configuration',
};

/** The key that runs an action on the current item. */
export const ACTION_KEY: Record<TriageAction, string> = {
  renew: 'r',
  exchange_down: 'x',
  refund: 'f',
  right_size_scope: 's',
};

/** Where an action is done: a tab of the reservation, and the sheet to open on Overview. */
export const ACTION_PLACE: Record<TriageAction, { tab: ReservationTab; sheet: PendingSheetKind | null }> = {
  renew: { tab: 'overview', sheet: 'renew' },
  right_size_scope: { tab: 'configuration', sheet: null },
  exchange_down: { tab: 'overview', sheet: 'exchange' },
  refund: { tab: 'overview', sheet: 'refund' },
};

export function kindLabel(kind: TriageKind): string {
  return t(`triage.kind.${kind}`);
}

/** Days left (today is 0) within which the core only suggests renewing or letting go. */
export const LAST_DAYS = 1;

/** True for an item on its reservation's last two days: renew it or let it go, nothing else. */
export function isLastDays(item: TriageItemView): boolean {
  return item.kind === 'expiring_without_renewal' && item.reservation.days_left <= LAST_DAYS;
}

/** The suggested action in words; on the last two days "Renew or let go". */
export function actionLabel(item: TriageItemView): string {
  return isLastDays(item) ? t('triage.action.renewOrLetGo') : t(`triage.action.${item.action}`);
}

export function actionTitle(item: TriageItemView): string {
  const what = isLastDays(item) ? t('triage.action.renewOrLetGo.title') : t(`triage.action.${item.action}.title`);
  return t('triage.action.withKey', { action: what, key: ACTION_KEY[item.action] });
}

/** "Idle: 7-day 2 %, 30-day 3 %", "Expires in 16 days and will not renew", … */
export function whyText(item: TriageItemView): string {
  const r = item.reservation;
  switch (item.kind) {
    case 'idle':
      return t('triage.why.idle', { d7: formatWholePercent(r.utilization_7d), d30: formatWholePercent(r.utilization_30d) });
    case 'under_used':
      return t('triage.why.under_used', { d30: formatWholePercent(r.utilization_30d) });
    case 'expiring_without_renewal':
      return r.days_left <= 0
        ? t('triage.why.expiringToday')
        : r.days_left === 1
          ? t('triage.why.expiringTomorrow')
          : plural(r.days_left, 'triage.why.expiring.one', 'triage.why.expiring.other', { count: formatInteger(r.days_left) });
    case 'renewal_lost':
      return t('triage.why.renewal_lost');
    case 'renews_not_exchangeable':
      return t('triage.why.renews_not_exchangeable', { date: formatDate(r.expiry_date) });
  }
}

/** The hover text behind {@link whyText}: which rule put it here. */
export function whyTitle(item: TriageItemView): string {
  const r = item.reservation;
  switch (item.kind) {
    case 'idle':
      return t('triage.why.idle.title');
    case 'under_used':
      return t('triage.why.under_used.title');
    case 'expiring_without_renewal':
      return t('triage.why.expiring.title', { date: formatDate(r.expiry_date), iso: r.expiry_date });
    case 'renewal_lost':
      return t('triage.why.renewal_lost.title');
    case 'renews_not_exchangeable':
      return t('triage.why.renews_not_exchangeable.title');
  }
}

/** "cancels 1,200.00 USD of 30,000.00 USD headroom" — only refunds carry it. */
export function refundNote(item: TriageItemView): { text: string; title: string } | null {
  if (item.action !== 'refund') return null;
  const params = { remaining: formatUsd(item.remaining_usd), headroom: formatUsd(item.headroom_usd) };
  return { text: t('triage.refundNote', params), title: t('triage.refundNote.title', params) };
}
