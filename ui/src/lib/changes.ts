// Access and configuration in words, and the Configuration form turned into a change request.
import type {
  AccessChangeView,
  Assignment,
  AssignmentView,
  ChangePlanView,
  ChangeRequestView,
  Configuration,
  GrantedAt,
  JsonValue,
  PrincipalKind,
  Role,
  ScopeType,
} from '../api/desk';

export const PRINCIPAL_KIND_LABELS: Record<PrincipalKind, string> = {
  user: 'User',
  group: 'Group',
  service_principal: 'Service principal',
  partner_admin_agent: 'Partner admin agents',
  partner_guest: 'Partner guest',
  partner_lighthouse: 'Partner via Azure Lighthouse',
};

export const GRANTED_AT_LABELS: Record<GrantedAt, string> = {
  reservation: 'This reservation',
  order: 'Reservation order',
  tenant: 'Tenant-wide — all reservations',
};

export const PRINCIPAL_KIND_OPTIONS: ReadonlyArray<{ value: PrincipalKind; label: string }> = (
  Object.keys(PRINCIPAL_KIND_LABELS) as PrincipalKind[]
).map((value) => ({ value, label: PRINCIPAL_KIND_LABELS[value] }));

export function principalKindLabel(kind: PrincipalKind): string {
  return PRINCIPAL_KIND_LABELS[kind] ?? kind;
}

export function grantedAtLabel(at: GrantedAt): string {
  return GRANTED_AT_LABELS[at] ?? at;
}

/** "Alice, Bob and Carol"; null when the list is empty (the caller says "Nobody known"). */
export function namesInWords(names: readonly string[]): string | null {
  const unique = [...new Set(names)];
  if (unique.length === 0) return null;
  if (unique.length === 1) return unique[0] ?? null;
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

// ---- The scope form -------------------------------------------------------------------------

export const SCOPE_TYPE_OPTIONS: ReadonlyArray<{ value: ScopeType; label: string }> = [
  { value: 'single', label: 'Single subscription' },
  { value: 'resource_group', label: 'Single resource group' },
  { value: 'shared', label: 'Shared' },
  { value: 'management_group', label: 'Management group' },
];

export function scopeTypeLabel(type: ScopeType): string {
  return SCOPE_TYPE_OPTIONS.find((o) => o.value === type)?.label ?? type;
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
  | { readonly ok: false; readonly field: ScopeField; readonly message: string };

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
      if (subscription === '') return { ok: false, field: 'subscription', message: 'Choose the subscription the benefit applies to.' };
      return { ok: true, value: `subscription:${subscription}` };
    case 'resource_group': {
      if (subscription === '') return { ok: false, field: 'subscription', message: 'Choose the subscription of the resource group.' };
      const rg = resourceGroupName(form.resourceGroup.trim());
      if (rg === '') return { ok: false, field: 'resourceGroup', message: 'Enter the resource group name.' };
      if (!RG_NAME.test(rg) || rg.endsWith('.')) {
        return {
          ok: false,
          field: 'resourceGroup',
          message: `"${rg}" is not a resource group name: use up to 90 letters, digits, -, _, . or ( ), not ending in a dot.`,
        };
      }
      return { ok: true, value: `resource-group:${subscription}/${rg}` };
    }
    case 'management_group': {
      const raw = form.managementGroup.trim();
      const mg = MANAGEMENT_GROUP_PATH.exec(raw)?.[1] ?? raw;
      if (mg === '') return { ok: false, field: 'managementGroup', message: 'Enter the management group ID.' };
      if (!MG_ID.test(mg)) {
        return { ok: false, field: 'managementGroup', message: `"${mg}" is not a management group ID: use letters, digits, -, _, . or ( ).` };
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
  | { readonly ok: false; readonly field: ScopeField; readonly message: string };

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

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  pending: 'Pending',
  applied: 'Applied',
  discarded: 'Discarded',
  invalid: 'Invalid',
};

export function planStatusLabel(status: string): string {
  return PLAN_STATUS_LABELS[status as PlanStatus] ?? status;
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
    lines.push({ what: 'Scope', from: before.scope_description, to: after.scope_description });
  }
  if (before.instance_flexibility !== after.instance_flexibility) {
    lines.push({ what: 'Instance size flexibility', from: onOff(before.instance_flexibility), to: onOff(after.instance_flexibility) });
  }
  if (before.renew !== after.renew) {
    lines.push({ what: 'Auto-renew', from: onOff(before.renew), to: onOff(after.renew) });
  }
  return lines;
}

function onOff(value: boolean): string {
  return value ? 'On' : 'Off';
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

/** The roles offered when adding an assignment, as Azure prints them. */
export const ROLE_OPTIONS: ReadonlyArray<{ value: Role; label: string }> = [
  { value: 'Owner', label: 'Owner' },
  { value: 'ReservationsAdministrator', label: 'Reservations Administrator' },
  { value: 'ReservationsContributor', label: 'Reservations Contributor' },
  { value: 'ReservationsReader', label: 'Reservations Reader' },
  { value: 'ReservationPurchaser', label: 'Reservation Purchaser' },
  { value: 'Contributor', label: 'Contributor' },
  { value: 'Reader', label: 'Reader' },
  { value: 'UserAccessAdministrator', label: 'User Access Administrator' },
];

export function roleLabel(role: Role): string {
  return ROLE_OPTIONS.find((o) => o.value === role)?.label ?? role;
}

/** Where a new assignment can be granted, the usual place (the order) first. */
export const GRANTED_AT_OPTIONS: ReadonlyArray<{ value: GrantedAt; label: string }> = [
  { value: 'order', label: GRANTED_AT_LABELS.order },
  { value: 'reservation', label: GRANTED_AT_LABELS.reservation },
  { value: 'tenant', label: GRANTED_AT_LABELS.tenant },
];

const GRANTED_AT_PHRASES: Record<GrantedAt, string> = {
  reservation: 'on this reservation',
  order: 'on the reservation order',
  tenant: 'tenant-wide (all reservations)',
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
  const where = GRANTED_AT_PHRASES[a.granted_at] ?? a.granted_at;
  return change.action === 'add' ? `Grant ${role} to ${who} ${where}` : `Revoke ${role} from ${who} ${where}`;
}

/** An access plan's change, or null for a configuration plan. */
export function accessChangeOf(plan: Pick<ChangePlanView, 'kind' | 'access_change'>): AccessChangeView | null {
  return plan.kind === 'access' ? plan.access_change : null;
}

/** A plan in one line: the access change, or "Scope: A → B; Auto-renew: Off → On". */
export function planSummary(plan: Pick<ChangePlanView, 'kind' | 'access_change' | 'before' | 'after'>): string {
  const change = accessChangeOf(plan);
  if (change) return accessChangeSummary(change);
  if (plan.kind === 'access') return 'Role assignment change';
  return planChanges(plan.before, plan.after).map((l) => `${l.what}: ${l.from} → ${l.to}`).join('; ') || 'No difference';
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
