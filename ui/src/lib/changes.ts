// Access and configuration in words, and the Configuration form turned into a change request.
import type {
  AccessChangeView,
  Assignment,
  AssignmentView,
  ChangePlanView,
  ChangeRequestView,
  Configuration,
  ExchangeRightView,
  GrantedAt,
  JsonValue,
  PrincipalKind,
  RenewalTerms,
  Role,
  ScopeType,
} from '../api/desk';
import { i18n, plural, t, type MessageKey, type Params } from '../i18n/index.svelte';
import { scopeTypeLabel as scopeTypeName } from '../i18n/labels';
import { formatBillingPlan, formatDate, formatInteger, formatTerm } from './format';

/** A text to show later, in whatever language is in use then. */
export interface Text {
  readonly key: MessageKey;
  readonly params?: Params;
}

/** The text in the current language. */
export function textOf(text: Text): string {
  return t(text.key, text.params);
}

const PRINCIPAL_KIND_KEYS: Record<PrincipalKind, MessageKey> = {
  user: 'reservation.principal.user',
  group: 'reservation.principal.group',
  service_principal: 'reservation.principal.service_principal',
  partner_admin_agent: 'reservation.principal.partner_admin_agent',
  partner_guest: 'reservation.principal.partner_guest',
  partner_lighthouse: 'reservation.principal.partner_lighthouse',
};

const GRANTED_AT_KEYS: Record<GrantedAt, MessageKey> = {
  reservation: 'reservation.grantedAt.reservation',
  order: 'reservation.grantedAt.order',
  tenant: 'reservation.grantedAt.tenant',
};

/** The kinds of principal the Add assignment form offers, named in the current language. */
export function principalKindOptions(): Array<{ value: PrincipalKind; label: string }> {
  return (Object.keys(PRINCIPAL_KIND_KEYS) as PrincipalKind[]).map((value) => ({ value, label: principalKindLabel(value) }));
}

export function principalKindLabel(kind: PrincipalKind): string {
  const key = PRINCIPAL_KIND_KEYS[kind];
  return key ? t(key) : kind;
}

export function grantedAtLabel(at: GrantedAt): string {
  const key = GRANTED_AT_KEYS[at];
  return key ? t(key) : at;
}

/** "Alice, Bob and Carol"; null when the list is empty (the caller says "Nobody known"). */
export function namesInWords(names: readonly string[]): string | null {
  const unique = [...new Set(names)];
  if (unique.length === 0) return null;
  if (unique.length === 1) return unique[0] ?? null;
  return t('reservation.names.list', {
    list: unique.slice(0, -1).join(t('reservation.names.separator')),
    last: unique[unique.length - 1] ?? '',
  });
}

// ---- The scope form -------------------------------------------------------------------------

const SCOPE_TYPES: readonly ScopeType[] = ['single', 'resource_group', 'shared', 'management_group'];

/** The scope types the Configuration form offers, named in the current language. */
export function scopeTypeOptions(): Array<{ value: ScopeType; label: string }> {
  return SCOPE_TYPES.map((value) => ({ value, label: scopeTypeLabel(value) }));
}

export function scopeTypeLabel(type: ScopeType): string {
  return SCOPE_TYPES.includes(type) ? scopeTypeName(type) : type;
}

export interface ScopeForm {
  type: ScopeType;
  /** Subscription ID (single subscription and resource group). */
  subscription: string;
  /** Resource group name (resource group). */
  resourceGroup: string;
  /** Management group ID (management group). */
  managementGroup: string;
}

const SUBSCRIPTION_PATH = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/?$/i;
const MANAGEMENT_GROUP_PATH = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/?$/i;

/** The form as the reservation's current scope fills it. */
export function scopeFormFrom(config: Pick<Configuration, 'scope_type' | 'scope_target'>): ScopeForm {
  const form: ScopeForm = { type: config.scope_type, subscription: '', resourceGroup: '', managementGroup: '' };
  const target = config.scope_target ?? '';
  const sub = SUBSCRIPTION_PATH.exec(target);
  if (sub) {
    form.subscription = sub[1] ?? '';
    form.resourceGroup = sub[2] ?? '';
  }
  const mg = MANAGEMENT_GROUP_PATH.exec(target);
  if (mg) form.managementGroup = mg[1] ?? '';
  return form;
}

/**
 * The scope in words: "Single subscription (…)", "Shared (all eligible subscriptions of the customer)".
 * The core describes it in English; other languages compose it from the type and the ARM path
 * (and keep the core's words when the path cannot be read).
 */
export function scopeDescription(config: Pick<Configuration, 'scope_type' | 'scope_target' | 'scope_description'>): string {
  if (i18n.locale === 'en') return config.scope_description;
  const target = config.scope_target ?? '';
  const sub = SUBSCRIPTION_PATH.exec(target);
  const mg = MANAGEMENT_GROUP_PATH.exec(target);
  switch (config.scope_type) {
    case 'shared':
      return t('reservation.scopeText.shared');
    case 'single':
      return sub?.[1] && !sub[2] ? t('reservation.scopeText.single', { subscription: sub[1] }) : config.scope_description;
    case 'resource_group':
      return sub?.[1] && sub[2]
        ? t('reservation.scopeText.resource_group', { resourceGroup: sub[2], subscription: sub[1] })
        : config.scope_description;
    case 'management_group':
      return mg?.[1] ? t('reservation.scopeText.management_group', { group: mg[1] }) : config.scope_description;
    default:
      return config.scope_description;
  }
}

/** A resource group's name from an ARM path ("/subscriptions/…/resourceGroups/rg-x" → "rg-x"). */
export function resourceGroupName(armPath: string): string {
  return SUBSCRIPTION_PATH.exec(armPath)?.[2] ?? armPath;
}

/** The subscription of a resource group's ARM path, or null. */
export function resourceGroupSubscription(armPath: string): string | null {
  const m = SUBSCRIPTION_PATH.exec(armPath);
  return m && m[2] ? (m[1] ?? null) : null;
}

export type ScopeField = 'subscription' | 'resourceGroup' | 'managementGroup';
export type ScopeToResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly field: ScopeField; readonly message: Text };

// Azure's rules: 1–90 characters of letters, digits, '-', '_', '.', '(' and ')', not ending in '.'.
const RG_NAME = /^[-\w.()]{1,90}$/u;
const MG_ID = /^[-\w.()]{1,90}$/u;

/** The CLI's `scope_to` for the form: shared, subscription:ID, resource-group:ID/NAME, management-group:ID. */
export function scopeToFrom(form: ScopeForm): ScopeToResult {
  const subscription = form.subscription.trim();
  switch (form.type) {
    case 'shared':
      return { ok: true, value: 'shared' };
    case 'single':
      if (subscription === '') return { ok: false, field: 'subscription', message: { key: 'reservation.scopeError.subscription' } };
      return { ok: true, value: `subscription:${subscription}` };
    case 'resource_group': {
      if (subscription === '') return { ok: false, field: 'subscription', message: { key: 'reservation.scopeError.resourceGroupSubscription' } };
      const rg = resourceGroupName(form.resourceGroup.trim());
      if (rg === '') return { ok: false, field: 'resourceGroup', message: { key: 'reservation.scopeError.resourceGroupMissing' } };
      if (!RG_NAME.test(rg) || rg.endsWith('.')) {
        return {
          ok: false,
          field: 'resourceGroup',
          message: { key: 'reservation.scopeError.resourceGroupInvalid', params: { name: rg } },
        };
      }
      return { ok: true, value: `resource-group:${subscription}/${rg}` };
    }
    case 'management_group': {
      const raw = form.managementGroup.trim();
      const mg = MANAGEMENT_GROUP_PATH.exec(raw)?.[1] ?? raw;
      if (mg === '') return { ok: false, field: 'managementGroup', message: { key: 'reservation.scopeError.managementGroupMissing' } };
      if (!MG_ID.test(mg)) {
        return { ok: false, field: 'managementGroup', message: { key: 'reservation.scopeError.managementGroupInvalid', params: { id: mg } } };
      }
      return { ok: true, value: `management-group:${mg}` };
    }
  }
}

export interface ConfigForm {
  scope: ScopeForm;
  instanceFlexibility: boolean;
  renew: boolean;
}

export type ChangeRequestResult =
  | { readonly ok: true; readonly request: ChangeRequestView }
  | { readonly ok: false; readonly field: ScopeField; readonly message: Text };

/**
 * The request for what the form changes. Unchanged parts are sent as null; when nothing changed
 * at all, the scope is sent anyway so the core answers with Azure's "same as existing".
 */
export function changeRequestFrom(form: ConfigForm, current: Configuration): ChangeRequestResult {
  const to = scopeToFrom(form.scope);
  if (!to.ok) return to;
  const now = scopeToFrom(scopeFormFrom(current));
  const scopeSame = now.ok && now.value.toLowerCase() === to.value.toLowerCase();
  const isf = form.instanceFlexibility !== current.instance_flexibility ? form.instanceFlexibility : null;
  const renew = form.renew !== current.renew ? form.renew : null;
  const nothing = scopeSame && isf === null && renew === null;
  return { ok: true, request: { scope_to: scopeSame && !nothing ? null : to.value, instance_flexibility: isf, renew } };
}

// ---- Plans ------------------------------------------------------------------------------------

export type PlanStatus = 'pending' | 'applied' | 'discarded' | 'invalid';
export type PlanFilter = 'pending' | 'applied' | 'discarded' | 'all';

const PLAN_STATUS_KEYS: Record<PlanStatus, MessageKey> = {
  pending: 'reservation.planStatus.pending',
  applied: 'reservation.planStatus.applied',
  discarded: 'reservation.planStatus.discarded',
  invalid: 'reservation.planStatus.invalid',
};

export function planStatusLabel(status: string): string {
  const key = PLAN_STATUS_KEYS[status as PlanStatus];
  return key ? t(key) : status;
}

export function filterPlans(plans: readonly ChangePlanView[], filter: PlanFilter): ChangePlanView[] {
  return filter === 'all' ? [...plans] : plans.filter((p) => p.status === filter);
}

export function countPlans(plans: readonly ChangePlanView[]): Record<PlanFilter, number> {
  const counts: Record<PlanFilter, number> = { pending: 0, applied: 0, discarded: 0, all: plans.length };
  for (const p of plans) {
    if (p.status === 'pending' || p.status === 'applied' || p.status === 'discarded') counts[p.status] += 1;
  }
  return counts;
}

/** What a plan changes, one line per part: "Scope: Shared → Single subscription: Prod". */
export function planChanges(before: Configuration, after: Configuration): Array<{ what: string; from: string; to: string }> {
  const lines: Array<{ what: string; from: string; to: string }> = [];
  if (before.scope_description !== after.scope_description || before.scope_target !== after.scope_target) {
    lines.push({ what: t('reservation.scope'), from: scopeDescription(before), to: scopeDescription(after) });
  }
  if (before.instance_flexibility !== after.instance_flexibility) {
    lines.push({
      what: t('reservation.instanceFlexibility'),
      from: onOff(before.instance_flexibility),
      to: onOff(after.instance_flexibility),
    });
  }
  if (before.renew !== after.renew) {
    lines.push({ what: t('reservation.autoRenew'), from: onOff(before.renew), to: onOff(after.renew) });
  }
  const renewal = after.renewal ?? null;
  if (renewal !== null && !sameRenewal(before.renewal ?? null, renewal)) {
    lines.push({
      what: t('reservation.renewal.buys'),
      from: before.renewal ? renewalTermsText(before.renewal) : t('reservation.renewal.asIs'),
      to: renewalTermsText(renewal),
    });
  }
  return lines;
}

function sameRenewal(a: RenewalTerms | null, b: RenewalTerms): boolean {
  return a !== null && a.term === b.term && a.quantity === b.quantity && a.billing_plan === b.billing_plan;
}

/** What a renewal buys in words: "3 years · 5 units · Monthly" ("1 unit"); an unknown term or plan says so. */
export function renewalTermsText(terms: { readonly term: RenewalTerms['term'] | null; readonly quantity: number; readonly billing_plan: RenewalTerms['billing_plan'] | null }): string {
  return plural(terms.quantity, 'reservation.renewal.terms.one', 'reservation.renewal.terms.other', {
    term: formatTerm(terms.term),
    quantity: formatInteger(terms.quantity),
    billing: formatBillingPlan(terms.billing_plan),
  });
}

function onOff(value: boolean): string {
  return value ? t('common.on') : t('common.off');
}

/** JSON laid out for reading (2-space indent); text that is not JSON is returned as is. */
export function prettyJson(value: JsonValue | string | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value) as unknown, null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

// ---- Role assignments as change plans ---------------------------------------------------------

/** The roles offered when adding an assignment, in this order; named as the portal names them. */
const ROLE_KEYS: Record<Role, MessageKey> = {
  Owner: 'reservation.role.Owner',
  ReservationsAdministrator: 'reservation.role.ReservationsAdministrator',
  ReservationsContributor: 'reservation.role.ReservationsContributor',
  ReservationsReader: 'reservation.role.ReservationsReader',
  ReservationPurchaser: 'reservation.role.ReservationPurchaser',
  Contributor: 'reservation.role.Contributor',
  Reader: 'reservation.role.Reader',
  UserAccessAdministrator: 'reservation.role.UserAccessAdministrator',
};

/** The roles the Add assignment form offers, named in the current language. */
export function roleOptions(): Array<{ value: Role; label: string }> {
  return (Object.keys(ROLE_KEYS) as Role[]).map((value) => ({ value, label: roleLabel(value) }));
}

/** The role's name; `fallback` (or the API spelling) for a role this window does not know. */
export function roleLabel(role: Role, fallback?: string): string {
  const key = ROLE_KEYS[role];
  return key ? t(key) : (fallback ?? role);
}

/** Where a new assignment can be granted, the usual place (the order) first. */
export function grantedAtOptions(): Array<{ value: GrantedAt; label: string }> {
  return (['order', 'reservation', 'tenant'] as const).map((value) => ({ value, label: grantedAtLabel(value) }));
}

const GRANTED_AT_PHRASES: Record<GrantedAt, MessageKey> = {
  reservation: 'reservation.grantedAtPhrase.reservation',
  order: 'reservation.grantedAtPhrase.order',
  tenant: 'reservation.grantedAtPhrase.tenant',
};

/** The assignment a view row stands for, without what the core derives from it. */
export function assignmentOf(a: AssignmentView): Assignment {
  return { principal_name: a.principal_name, principal_id: a.principal_id, kind: a.kind, role: a.role, granted_at: a.granted_at };
}

/** "Grant Owner to Admin Agents on the reservation order"; "Revoke Reader from … tenant-wide (all reservations)". */
export function accessChangeSummary(change: AccessChangeView): string {
  const a = change.assignment;
  const who = a.principal_name.trim() || a.principal_id;
  const role = roleLabel(a.role);
  const phrase = GRANTED_AT_PHRASES[a.granted_at];
  const where = phrase ? t(phrase) : a.granted_at;
  return t(change.action === 'add' ? 'reservation.accessChange.grant' : 'reservation.accessChange.revoke', { role, who, where });
}

/** An access plan's change, or null for a configuration plan. */
export function accessChangeOf(plan: Pick<ChangePlanView, 'kind' | 'access_change'>): AccessChangeView | null {
  return plan.kind === 'access' ? plan.access_change : null;
}

/** A plan in one line: the access change, or "Scope: A → B; Auto-renew: Off → On". */
export function planSummary(plan: Pick<ChangePlanView, 'kind' | 'access_change' | 'before' | 'after'>): string {
  const change = accessChangeOf(plan);
  if (change) return accessChangeSummary(change);
  if (plan.kind === 'access') return t('reservation.plan.accessChangeSummary');
  return (
    planChanges(plan.before, plan.after)
      .map((l) => t('reservation.plan.changeLine', { what: l.what, from: l.from, to: l.to }))
      .join(t('reservation.plan.changeSeparator')) || t('reservation.plan.noDifference')
  );
}

/** The top-level keys whose values differ between two JSON objects given as text; null when either is not an object. */
export function changedKeys(before: string | null, after: string | null): string[] | null {
  const read = (text: string | null): Record<string, unknown> | null => {
    if (text === null) return {};
    try {
      const v = JSON.parse(text) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const a = read(before);
  const b = read(after);
  if (a === null || b === null) return null;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** A reservation's exchange right in words: "Unlimited until Feb 1, 2027 (55 days), then one final exchange". */
export function exchangeRightText(x: ExchangeRightView): string {
  const cutover = formatDate(x.cutover);
  switch (x.state) {
    case 'unlimited':
      return t('reservation.exchangeRight.unlimited', { date: cutover, days: formatInteger(x.days_left ?? 0) });
    case 'one_final':
      return t('reservation.exchangeRight.one_final', { date: cutover });
    case 'used':
      return t('reservation.exchangeRight.used', { date: cutover });
    case 'none':
      return t('reservation.exchangeRight.none', { date: cutover });
    case 'unaffected':
      return t('reservation.exchangeRight.unaffected');
  }
}
