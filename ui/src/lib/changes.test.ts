import { describe, expect, it } from 'vitest';
import type { ChangePlanView, Configuration } from '../api/desk';
import {
  changeRequestFrom,
  countPlans,
  filterPlans,
  grantedAtLabel,
  namesInWords,
  planChanges,
  prettyJson,
  renewalTermsText,
  principalKindLabel,
  accessChangeSummary,
  assignmentOf,
  planSummary,
  roleLabel,
  scopeFormFrom,
  scopeToFrom,
  type ScopeForm,
} from './changes';

const SUB = '11111111-2222-4333-8444-555555555555';
const form = (over: Partial<ScopeForm>): ScopeForm => ({ type: 'shared', subscription: '', resourceGroup: '', managementGroup: '', ...over });
const config = (over: Partial<Configuration>): Configuration => ({
  scope_type: 'shared',
  scope_target: null,
  scope_description: 'Shared',
  instance_flexibility: true,
  renew: false,
  ...over,
});

describe('labels', () => {
  it('names principal kinds and where roles are granted', () => {
    expect(principalKindLabel('partner_admin_agent')).toBe('Partner admin agents');
    expect(principalKindLabel('partner_lighthouse')).toBe('Partner via Azure Lighthouse');
    expect(principalKindLabel('service_principal')).toBe('Service principal');
    expect(grantedAtLabel('order')).toBe('Reservation order');
    expect(grantedAtLabel('tenant')).toBe('Tenant-wide — all reservations');
    expect(grantedAtLabel('reservation')).toBe('This reservation');
  });

  it('lists names in words, or null for nobody', () => {
    expect(namesInWords([])).toBeNull();
    expect(namesInWords(['Ann'])).toBe('Ann');
    expect(namesInWords(['Ann', 'Bob', 'Ann', 'Cy'])).toBe('Ann, Bob and Cy');
  });
});

describe('scope_to from the form', () => {
  it('builds each kind', () => {
    expect(scopeToFrom(form({ type: 'shared', subscription: SUB }))).toEqual({ ok: true, value: 'shared' });
    expect(scopeToFrom(form({ type: 'single', subscription: ` ${SUB} ` }))).toEqual({ ok: true, value: `subscription:${SUB}` });
    expect(scopeToFrom(form({ type: 'resource_group', subscription: SUB, resourceGroup: 'rg-prod' }))).toEqual({
      ok: true,
      value: `resource-group:${SUB}/rg-prod`,
    });
    expect(scopeToFrom(form({ type: 'management_group', managementGroup: 'mg-contoso' }))).toEqual({
      ok: true,
      value: 'management-group:mg-contoso',
    });
  });

  it('accepts pasted ARM paths', () => {
    expect(scopeToFrom(form({ type: 'resource_group', subscription: SUB, resourceGroup: `/subscriptions/${SUB}/resourceGroups/rg-x` }))).toEqual({
      ok: true,
      value: `resource-group:${SUB}/rg-x`,
    });
    expect(scopeToFrom(form({ type: 'management_group', managementGroup: '/providers/Microsoft.Management/managementGroups/mg-1' }))).toEqual({
      ok: true,
      value: 'management-group:mg-1',
    });
  });

  it('names the missing or bad field', () => {
    expect(scopeToFrom(form({ type: 'single' }))).toMatchObject({ ok: false, field: 'subscription' });
    expect(scopeToFrom(form({ type: 'resource_group', subscription: SUB }))).toMatchObject({ ok: false, field: 'resourceGroup' });
    expect(scopeToFrom(form({ type: 'resource_group', subscription: SUB, resourceGroup: 'rg prod' }))).toMatchObject({ ok: false, field: 'resourceGroup' });
    expect(scopeToFrom(form({ type: 'resource_group', subscription: SUB, resourceGroup: 'rg.' }))).toMatchObject({ ok: false, field: 'resourceGroup' });
    expect(scopeToFrom(form({ type: 'management_group', managementGroup: '  ' }))).toMatchObject({ ok: false, field: 'managementGroup' });
  });

  it('reads the current scope back into the form', () => {
    expect(scopeFormFrom(config({ scope_type: 'resource_group', scope_target: `/subscriptions/${SUB}/resourceGroups/rg-a` }))).toEqual({
      type: 'resource_group',
      subscription: SUB,
      resourceGroup: 'rg-a',
      managementGroup: '',
    });
    expect(scopeFormFrom(config({ scope_type: 'management_group', scope_target: '/providers/Microsoft.Management/managementGroups/mg-b' })).managementGroup).toBe('mg-b');
    expect(scopeFormFrom(config({ scope_type: 'single', scope_target: `/subscriptions/${SUB}` })).subscription).toBe(SUB);
  });
});

describe('the change request', () => {
  const current = config({ scope_type: 'single', scope_target: `/subscriptions/${SUB}`, instance_flexibility: true, renew: false });

  it('sends only what changed', () => {
    const r = changeRequestFrom({ scope: form({ type: 'single', subscription: SUB }), instanceFlexibility: true, renew: true }, current);
    expect(r).toEqual({ ok: true, request: { scope_to: null, instance_flexibility: null, renew: true } });
    const s = changeRequestFrom({ scope: form({ type: 'shared' }), instanceFlexibility: false, renew: false }, current);
    expect(s).toEqual({ ok: true, request: { scope_to: 'shared', instance_flexibility: false, renew: null } });
  });

  it('sends the same scope when nothing changed, so the core can say so', () => {
    const r = changeRequestFrom({ scope: form({ type: 'single', subscription: SUB }), instanceFlexibility: true, renew: false }, current);
    expect(r).toEqual({ ok: true, request: { scope_to: `subscription:${SUB}`, instance_flexibility: null, renew: null } });
  });

  it('stops at an incomplete form', () => {
    expect(changeRequestFrom({ scope: form({ type: 'single' }), instanceFlexibility: true, renew: false }, current).ok).toBe(false);
  });
});

describe('plans', () => {
  const plan = (id: number, status: string): ChangePlanView =>
    ({ id, status, before: config({}), after: config({}) }) as unknown as ChangePlanView;

  it('filters and counts by status', () => {
    const plans = [plan(1, 'pending'), plan(2, 'applied'), plan(3, 'pending'), plan(4, 'discarded')];
    expect(filterPlans(plans, 'pending').map((p) => p.id)).toEqual([1, 3]);
    expect(filterPlans(plans, 'all')).toHaveLength(4);
    expect(countPlans(plans)).toEqual({ pending: 2, applied: 1, discarded: 1, all: 4 });
  });

  it('lists what a plan changes', () => {
    const before = config({ scope_description: 'Shared', renew: false });
    const after = config({ scope_type: 'single', scope_target: `/subscriptions/${SUB}`, scope_description: 'Single subscription: Prod', renew: true });
    expect(planChanges(before, after)).toEqual([
      { what: 'Scope', from: 'Shared', to: 'Single subscription: Prod' },
      { what: 'Auto-renew', from: 'Off', to: 'On' },
    ]);
  });

  it('pretty-prints JSON values and JSON text', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{"b":[1]}')).toBe('{\n  "b": [\n    1\n  ]\n}');
    expect(prettyJson('not json')).toBe('not json');
    expect(prettyJson(null)).toBe('null');
  });
});

describe('access change plans', () => {
  const agents = {
    principal_name: 'Admin Agents',
    principal_id: SUB,
    kind: 'partner_admin_agent' as const,
    role: 'ReservationsAdministrator' as const,
    granted_at: 'order' as const,
  };

  it('says what an access change grants or revokes, and where', () => {
    expect(accessChangeSummary({ action: 'add', assignment: agents })).toBe(
      'Grant Reservations Administrator to Admin Agents on the reservation order',
    );
    expect(accessChangeSummary({ action: 'remove', assignment: { ...agents, role: 'Reader', granted_at: 'tenant' } })).toBe(
      'Revoke Reader from Admin Agents tenant-wide (all reservations)',
    );
    expect(accessChangeSummary({ action: 'add', assignment: { ...agents, principal_name: '  ', granted_at: 'reservation' } })).toBe(
      `Grant Reservations Administrator to ${SUB} on this reservation`,
    );
    expect(roleLabel('UserAccessAdministrator')).toBe('User Access Administrator');
  });

  it('summarises access plans by their change and configuration plans by their difference', () => {
    const same = config({});
    expect(planSummary({ kind: 'access', access_change: { action: 'add', assignment: agents }, before: same, after: same })).toBe(
      'Grant Reservations Administrator to Admin Agents on the reservation order',
    );
    expect(planSummary({ kind: 'configuration', access_change: null, before: same, after: { ...same, renew: true } })).toBe('Auto-renew: Off → On');
    expect(planSummary({ kind: 'configuration', access_change: null, before: same, after: same })).toBe('No difference');
  });

  it('turns a table row back into the assignment the core knows', () => {
    const row = { ...agents, role_name: 'Reservations Administrator', can_refund_or_exchange: true, can_change_scope: true };
    expect(assignmentOf(row)).toEqual(agents);
  });
});

describe('audit differences', () => {
  it('names the keys that changed', async () => {
    const { changedKeys } = await import('./changes');
    expect(changedKeys('{"a":1,"b":2}', '{"a":1,"b":3}')).toEqual(['b']);
    expect(changedKeys(null, '{"k":"v"}')).toEqual(['k']);
    expect(changedKeys('{"a":1}', null)).toEqual(['a']);
    expect(changedKeys('x', '{}')).toBeNull();
  });
});

describe('renewalTermsText', () => {
  it('says "1 unit" and "5 units", and an unknown term or plan as unknown', () => {
    expect(renewalTermsText({ term: 'P3Y', quantity: 1, billing_plan: 'Upfront' })).toBe('3 years · 1 unit · Upfront');
    expect(renewalTermsText({ term: 'P1Y', quantity: 5, billing_plan: 'Monthly' })).toBe('1 year · 5 units · Monthly');
    expect(renewalTermsText({ term: null, quantity: 2, billing_plan: null })).not.toMatch(/P\dY|null|undefined/);
  });
});
