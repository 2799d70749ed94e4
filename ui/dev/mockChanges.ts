// Development-only: access, scope options, change plans and the audit log of the mock core.
// Reservations are changed in place when a plan is applied, so the other views see the result.
import type {
  AccessChangeView,
  AccessView,
  AccessWarning,
  AssignmentView,
  Assignment,
  AuditEntryView,
  ChangePlanView,
  ChangeRequestView,
  Configuration,
  ErrorBody,
  ErrorCode,
  JsonValue,
  ProblemView,
  ReservationView,
  Role,
  ScopeOptions,
  SubscriptionView,
} from '../src/api/desk';

export interface MockChangesInput {
  reservations: ReservationView[];
  subscriptions: Map<string, SubscriptionView[]>;
  empty: boolean;
}

const ROLE_NAMES: Record<Role, string> = {
  Owner: 'Owner',
  Contributor: 'Contributor',
  Reader: 'Reader',
  ReservationsAdministrator: 'Reservations Administrator',
  ReservationsContributor: 'Reservations Contributor',
  ReservationsReader: 'Reservations Reader',
  ReservationPurchaser: 'Reservation Purchaser',
  UserAccessAdministrator: 'User Access Administrator',
};

// Built-in role definition GUIDs (Reservations Contributor has none the mock knows).
const ROLE_DEFINITIONS: Partial<Record<Role, string>> = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  ReservationsAdministrator: 'a8889054-8d42-49c9-bc1c-52486c10e7cd',
  ReservationsReader: '582fc458-8989-419f-a480-75249bc5db7e',
  ReservationPurchaser: 'f7b75c60-3036-4b75-91c3-6b41c27c1689',
  UserAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
};

const WARNING_TEXT: Record<AccessWarning, string> = {
  NoPartnerPath: 'No partner principal can refund or exchange this reservation: ask the customer to grant Owner or Reservations Administrator on the reservation order to your Admin Agents group.',
  LighthouseDoesNotCount: 'Your only access is through Azure Lighthouse, which reservations ignore: use Admin on Behalf Of (admin agent) instead.',
  GuestBlocksRefund: 'A partner user is a guest in the customer’s tenant: guest access allows viewing but blocks refunds and exchanges, even for admin agents.',
};

function bad(code: ErrorCode, message: string): ErrorBody {
  return { code, message, detail: null, file: null, line: null, field: null };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

function fakeGuid(seed: string): string {
  const hex = [0, 1, 2, 3].map((i) => hash(`${seed}${i}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createChangesMock(input: MockChangesInput): (cmd: string, args: Record<string, unknown>) => unknown {
  const { reservations, subscriptions } = input;
  const plans: ChangePlanView[] = [];
  const audit: AuditEntryView[] = [];
  let nextPlan = 1;
  let clock = Date.parse('2025-11-24T08:00:00Z');
  const now = () => {
    clock += 7 * 60_000 + 13_000;
    return new Date(clock).toISOString().replace(/\.\d+Z$/, 'Z');
  };

  // Role assignments per reservation, made up on first sight and changed by applied access plans.
  const assignments = new Map<string, Assignment[]>();

  const find = (id: string) => {
    const r = reservations.find((x) => x.id === id);
    if (!r) throw bad('not_found', `No reservation with ID ${id} is in the store.`);
    return r;
  };

  function assignmentsOf(r: ReservationView): Assignment[] {
    const known = assignments.get(r.id);
    if (known) return known;
    const short = r.customer_name.split(/\s+/)[0] ?? 'Customer';
    const domain = `${short.toLowerCase()}.onmicrosoft.com`;
    const a = (name: string, kind: Assignment['kind'], role: Role, at: Assignment['granted_at']): Assignment => ({
      principal_name: name,
      principal_id: fakeGuid(`${r.customer_id}${name}`),
      kind,
      role,
      granted_at: at,
    });
    const list: Assignment[] = [a(`Megan Bowen (megan@${domain})`, 'user', 'Owner', 'order')];
    const variant = hash(r.id) % 4;
    if (variant === 0 || variant === 3) list.push(a('Admin Agents (Tailspin Cloud Partners)', 'partner_admin_agent', 'Owner', 'order'));
    if (variant === 1) list.push(a('Tailspin Cloud Partners via Lighthouse', 'partner_lighthouse', 'ReservationsAdministrator', 'tenant'));
    if (variant === 2) list.push(a('jon.doe@tailspin.example (Guest)', 'partner_guest', 'ReservationsAdministrator', 'order'));
    list.push(a('FinOps Team', 'group', 'ReservationsReader', 'tenant'));
    list.push(a('cost-export-automation', 'service_principal', 'Reader', 'reservation'));
    if (variant === 3) list.push(a(`Alex Wilber (alex@${domain})`, 'user', 'ReservationsContributor', 'reservation'));
    assignments.set(r.id, list);
    return list;
  }

  function access(r: ReservationView): AccessView {
    const view = (x: Assignment): AssignmentView => {
      const partner = x.kind.startsWith('partner');
      const canRefund = (x.role === 'Owner' || x.role === 'ReservationsAdministrator') && x.granted_at !== 'reservation' && x.kind !== 'partner_lighthouse' && x.kind !== 'partner_guest';
      const canScope = (x.role === 'Owner' || x.role === 'ReservationsAdministrator' || x.role === 'ReservationsContributor' || x.role === 'Contributor') && !(partner && x.kind === 'partner_lighthouse');
      return { ...x, role_name: ROLE_NAMES[x.role], can_refund_or_exchange: canRefund, can_change_scope: canScope };
    };
    const list = assignmentsOf(r).map(view);
    const warnings: AccessWarning[] = [];
    if (!list.some((x) => x.kind.startsWith('partner') && x.can_refund_or_exchange)) warnings.push('NoPartnerPath');
    if (list.some((x) => x.kind === 'partner_lighthouse')) warnings.push('LighthouseDoesNotCount');
    if (list.some((x) => x.kind === 'partner_guest')) warnings.push('GuestBlocksRefund');
    return {
      reservation_id: r.id,
      order_id: r.order_id,
      customer_id: r.customer_id,
      assignments: list,
      can_refund_or_exchange: list.filter((x) => x.can_refund_or_exchange).map((x) => x.principal_name),
      can_change_scope: list.filter((x) => x.can_change_scope).map((x) => x.principal_name),
      warnings,
      warning_messages: warnings.map((w) => WARNING_TEXT[w]),
    };
  }

  function options(tenantId: string): ScopeOptions {
    const mine = reservations.filter((r) => r.customer_id === tenantId);
    const rgs = new Set<string>();
    const mgs = new Set<string>();
    for (const r of mine) {
      if (r.scope_type === 'resource_group' && r.scope_target) rgs.add(r.scope_target);
      if (r.scope_type === 'management_group' && r.scope_target) mgs.add(r.scope_target.split('/').pop() ?? '');
    }
    const subs = subscriptions.get(tenantId) ?? [];
    const first = subs[0];
    if (first) rgs.add(`/subscriptions/${first.id}/resourceGroups/rg-shared-services`);
    return { subscriptions: subs, resource_groups: [...rgs].sort(), management_groups: [...mgs].sort() };
  }

  const config = (r: ReservationView): Configuration => ({
    scope_type: r.scope_type,
    scope_target: r.scope_target,
    scope_description: r.scope_description,
    instance_flexibility: r.instance_flexibility,
    renew: r.renew,
  });

  function plan(r: ReservationView, req: ChangeRequestView): ChangePlanView {
    const before = config(r);
    const after: Configuration = { ...before };
    const problems: ProblemView[] = [];
    const subs = subscriptions.get(r.customer_id) ?? [];
    if (req.scope_to !== null) {
      const [kind, rest = ''] = req.scope_to.split(/:(.*)/s) as [string, string?];
      if (kind === 'shared') {
        Object.assign(after, { scope_type: 'shared', scope_target: null, scope_description: 'Shared (all subscriptions in the billing context)' });
      } else if (kind === 'subscription' || kind === 'resource-group') {
        const [subId = '', rg] = rest.split('/');
        const sub = subs.find((s) => s.id.toLowerCase() === subId.toLowerCase());
        if (!sub) problems.push({ code: 'AppliedScopesNotAssociatedWithCommerceAccount', message: `Subscription ${subId} is not one of ${r.customer_name}'s subscriptions in this billing context.` });
        else if (sub.state !== 'Active') problems.push({ code: 'SubscriptionNotActive', message: `Subscription ${sub.display_name} is ${sub.state.toLowerCase()}; only an active subscription can receive the benefit.` });
        Object.assign(
          after,
          kind === 'subscription'
            ? { scope_type: 'single', scope_target: `/subscriptions/${subId}`, scope_description: `Single subscription: ${sub?.display_name ?? subId}` }
            : { scope_type: 'resource_group', scope_target: `/subscriptions/${subId}/resourceGroups/${rg ?? ''}`, scope_description: `Resource group: ${rg ?? ''}` },
        );
      } else if (kind === 'management-group') {
        Object.assign(after, { scope_type: 'management_group', scope_target: `/providers/Microsoft.Management/managementGroups/${rest}`, scope_description: `Management group: ${rest}` });
      } else {
        throw bad('invalid_input', `scope_to: expected shared, subscription:ID, resource-group:ID/NAME or management-group:ID (found "${req.scope_to}")`);
      }
      if ((after.scope_target ?? '').toLowerCase() === (before.scope_target ?? '').toLowerCase() && after.scope_type === before.scope_type) {
        problems.push({ code: 'AppliedScopesSameAsExisting', message: 'The new scope is the current one.' });
      }
    }
    if (req.instance_flexibility !== null) {
      if (r.resource_type !== 'VirtualMachines') problems.push({ code: 'InstanceFlexibilityNotApplicable', message: 'Instance size flexibility exists for virtual machine reservations only.' });
      after.instance_flexibility = req.instance_flexibility;
    }
    if (req.renew !== null) after.renew = req.renew;
    if (r.status !== 'Succeeded' && r.status !== 'Expiring') problems.push({ code: 'OperationCannotBePerformedInCurrentState', message: 'Only an active reservation can be changed.' });
    if (req.scope_to === null && req.instance_flexibility === null && req.renew === null) problems.push({ code: 'NothingToChange', message: 'Nothing would change.' });

    const path = `/providers/Microsoft.Capacity/reservationOrders/${r.order_id}/reservations/${r.id}`;
    const props: Record<string, JsonValue> = {};
    const azArgs: string[] = [];
    if (req.scope_to !== null) {
      if (after.scope_type === 'shared') {
        props['appliedScopeType'] = 'Shared';
        azArgs.push('--applied-scope-type Shared');
      } else if (after.scope_type === 'management_group') {
        const mg = after.scope_target?.split('/').pop() ?? '';
        props['appliedScopeType'] = 'ManagementGroup';
        props['appliedScopeProperties'] = { tenantId: r.customer_id, managementGroupId: `/providers/Microsoft.Management/managementGroups/${mg}` };
        azArgs.push(`--applied-scope-type ManagementGroup --applied-scope-property tenant-id=${r.customer_id} management-group-id=/providers/Microsoft.Management/managementGroups/${mg}`);
      } else {
        props['appliedScopeType'] = 'Single';
        props['appliedScopeProperties'] = after.scope_type === 'single' ? { subscriptionId: after.scope_target } : { resourceGroupId: after.scope_target };
        azArgs.push(`--applied-scope-type Single --applied-scopes ${after.scope_target ?? ''}`);
      }
    }
    if (req.instance_flexibility !== null) {
      props['instanceFlexibility'] = req.instance_flexibility ? 'On' : 'Off';
      azArgs.push(`--instance-flexibility ${req.instance_flexibility ? 'On' : 'Off'}`);
    }
    if (req.renew !== null) {
      props['renew'] = req.renew;
      azArgs.push(`--renew ${req.renew}`);
    }
    const body: JsonValue = { properties: props };
    const valid = problems.length === 0;
    const p: ChangePlanView = {
      id: valid ? nextPlan++ : null,
      kind: 'configuration',
      access_change: null,
      status: valid ? 'pending' : 'invalid',
      reservation_id: r.id,
      reservation_name: r.display_name,
      customer_id: r.customer_id,
      customer_name: r.customer_name,
      created_at: now(),
      decided_at: null,
      before,
      after,
      az_command: `az reservations reservation update --reservation-order-id ${r.order_id} --reservation-id ${r.id} ${azArgs.join(' ')}`,
      az_rest_command: `az rest --method patch --url "https://management.azure.com${path}?api-version=2022-11-01" --body '${JSON.stringify(body)}'`,
      patch_body: body,
      portal_url: r.portal_url,
      valid,
      problems,
    };
    if (valid) plans.push(p);
    return p;
  }

  const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const sameAssignment = (x: Assignment, y: Assignment) =>
    x.principal_id.toLowerCase() === y.principal_id.toLowerCase() && x.role === y.role && x.granted_at === y.granted_at;

  function accessProblems(r: ReservationView, change: AccessChangeView): ProblemView[] {
    const problems: ProblemView[] = [];
    if (!GUID.test(change.assignment.principal_id)) {
      problems.push({ code: 'InvalidPrincipalId', message: "The object ID must be the principal's GUID from Microsoft Entra ID." });
    }
    const exists = assignmentsOf(r).some((x) => sameAssignment(x, change.assignment));
    if (change.action === 'add' && exists) problems.push({ code: 'RoleAssignmentExists', message: 'This principal already holds this role there.' });
    if (change.action === 'remove' && !exists) problems.push({ code: 'RoleAssignmentNotFound', message: 'There is no such role assignment to remove.' });
    return problems;
  }

  function planAccess(r: ReservationView, requested: AccessChangeView): ChangePlanView {
    const id = requested.assignment.principal_id.trim().toLowerCase();
    const change: AccessChangeView = {
      action: requested.action,
      assignment: { ...requested.assignment, principal_id: id, principal_name: requested.assignment.principal_name.trim() || id },
    };
    const a = change.assignment;
    const problems = accessProblems(r, change);
    const order = `/providers/Microsoft.Capacity/reservationOrders/${r.order_id}`;
    const scope = a.granted_at === 'tenant' ? '/providers/Microsoft.Capacity' : a.granted_at === 'order' ? order : `${order}/reservations/${r.id}`;
    const type = a.kind === 'group' ? 'Group' : a.kind === 'service_principal' ? 'ServicePrincipal' : a.kind === 'partner_admin_agent' ? 'ForeignGroup' : 'User';
    const role = ROLE_NAMES[a.role];
    const definition = ROLE_DEFINITIONS[a.role];
    const body: JsonValue = {
      properties: { roleDefinitionId: definition ? `/providers/Microsoft.Authorization/roleDefinitions/${definition}` : null, principalId: a.principal_id, principalType: type },
    };
    const valid = problems.length === 0;
    const p: ChangePlanView = {
      id: valid ? nextPlan++ : null,
      kind: 'access',
      access_change: change,
      status: valid ? 'pending' : 'invalid',
      reservation_id: r.id,
      reservation_name: r.display_name,
      customer_id: r.customer_id,
      customer_name: r.customer_name,
      created_at: now(),
      decided_at: null,
      before: config(r),
      after: config(r),
      az_command:
        change.action === 'add'
          ? `az role assignment create --assignee-object-id ${a.principal_id} --assignee-principal-type ${type} --role "${role}" --scope ${scope}`
          : `az role assignment delete --assignee ${a.principal_id} --role "${role}" --scope ${scope}`,
      az_rest_command:
        change.action === 'add'
          ? `az rest --method put --url "https://management.azure.com${scope}/providers/Microsoft.Authorization/roleAssignments/$(uuidgen)?api-version=2022-04-01" --body '${JSON.stringify(body)}'`
          : `az role assignment list --assignee ${a.principal_id} --role "${role}" --scope ${scope} --query [].id -o tsv | xargs -r az role assignment delete --ids`,
      patch_body: body,
      portal_url: r.portal_url.replace(/\/overview$/, '/users'),
      valid,
      problems,
    };
    if (valid) plans.push(p);
    return p;
  }

  function decide(id: number, to: 'applied' | 'discarded'): ChangePlanView {
    const p = plans.find((x) => x.id === id);
    if (!p) throw bad('not_found', `No change plan ${id} is in the store.`);
    if (p.status !== 'pending') throw bad('invalid_input', `status: only a pending plan can be ${to} (found "${p.status}")`);
    const r = find(p.reservation_id);
    const change = p.access_change;
    if (to === 'applied' && change) {
      const problem = accessProblems(r, change)[0];
      if (problem) throw bad('invalid_input', `plan: ${problem.message} Discard this plan.`);
    }
    p.status = to;
    p.decided_at = now();
    if (to === 'applied' && change) {
      const list = assignmentsOf(r);
      if (change.action === 'add') list.push({ ...change.assignment });
      else assignments.set(r.id, list.filter((x) => !sameAssignment(x, change.assignment)));
    } else if (to === 'applied') {
      Object.assign(r, p.after);
    }
    audit.unshift({
      id: audit.length + 1,
      at: p.decided_at,
      action: to === 'applied' ? 'plan.apply' : 'plan.discard',
      subject: `plan ${id} · ${p.reservation_name} (${p.reservation_id})`,
      before: JSON.stringify(p.before),
      after: to === 'applied' ? JSON.stringify(change ?? p.after) : null,
    });
    return { ...p };
  }

  // A few plans and audit rows so the views have something to show.
  if (!input.empty) {
    const active = reservations.filter((r) => r.status === 'Succeeded' || r.status === 'Expiring');
    const seed = (r: ReservationView | undefined, req: ChangeRequestView, then: 'applied' | 'discarded' | null) => {
      if (!r) return;
      try {
        const p = plan(r, req);
        if (p.id !== null && then) decide(p.id, then);
      } catch (e) {
        console.warn('[mock] could not seed a plan', JSON.stringify(e));
      }
    };
    seed(active[2], { scope_to: 'shared', instance_flexibility: null, renew: null }, 'applied');
    seed(active[3], { scope_to: null, instance_flexibility: null, renew: !active[3]?.renew }, 'discarded');
    seed(active[4], { scope_to: 'shared', instance_flexibility: null, renew: true }, null);
    seed(active[7], { scope_to: null, instance_flexibility: null, renew: !active[7]?.renew }, null);
    const grantee = active[1];
    if (grantee) {
      planAccess(grantee, {
        action: 'add',
        assignment: {
          principal_name: 'Admin Agents (Tailspin Cloud Partners)',
          principal_id: fakeGuid(`${grantee.customer_id}Admin Agents (Tailspin Cloud Partners)`),
          kind: 'partner_admin_agent',
          role: 'ReservationsAdministrator',
          granted_at: 'order',
        },
      });
    }
    audit.push({
      id: 0,
      at: '2025-11-20T15:42:10Z',
      action: 'policy.set',
      subject: 'refund_limit_usd from 2022-10-10',
      before: null,
      after: JSON.stringify({ key: 'refund_limit_usd', value: '50000', effective_from: '2022-10-10', source: 'Exchange and refund policy' }),
    });
  }

  return (cmd, args) => {
    switch (cmd) {
      case 'get_access':
        return access(find(String(args['reservationId'])));
      case 'get_scope_options':
        return options(String(args['tenantId']));
      case 'plan_change':
        return plan(find(String(args['reservationId'])), args['request'] as ChangeRequestView);
      case 'plan_access_change':
        return planAccess(find(String(args['reservationId'])), args['change'] as AccessChangeView);
      case 'list_plans':
        return plans.map((p) => ({ ...p }));
      case 'apply_plan':
        return decide(Number(args['id']), 'applied');
      case 'discard_plan':
        return decide(Number(args['id']), 'discarded');
      case 'list_audit': {
        const since = (args['since'] as string | null) ?? null;
        return since === null ? [...audit] : audit.filter((e) => e.at.slice(0, 10) >= since);
      }
      default:
        return undefined;
    }
  };
}
