import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangePlanView, Configuration } from '../api/desk';
import { mockCore } from '../test/mockCore';
import PlanDetails from './PlanDetails.svelte';

const config = (renew: boolean): Configuration => ({
  scope_type: 'shared',
  scope_target: null,
  scope_description: 'Shared',
  instance_flexibility: true,
  renew,
});

function plan(overrides: Partial<ChangePlanView> = {}): ChangePlanView {
  return {
    id: 7,
    kind: 'settings',
    access_change: null,
    status: 'pending',
    reservation_id: 'r-1',
    reservation_name: 'VM_RI_1',
    customer_id: 't-1',
    customer_name: 'Contoso',
    created_at: '2026-11-24T10:00:00Z',
    decided_at: null,
    before: config(false),
    after: config(true),
    az_command: 'az reservations reservation update …',
    az_rest_command: 'az rest --method patch …',
    patch_body: { properties: { renew: true } },
    portal_url: 'https://portal.azure.com/',
    valid: true,
    problems: [],
    ...overrides,
  };
}

const byTestId = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('Apply in Azure', () => {
  it('asks first, then sends the plan to Azure and reports it applied', async () => {
    const calls = mockCore({ apply_plan_in_azure: () => plan({ status: 'applied', decided_at: '2026-11-24T11:00:00Z' }) });
    const onDecided = vi.fn();
    const { container } = render(PlanDetails, { plan: plan(), onDecided });
    await fireEvent.click(byTestId(container, 'apply-in-azure')[0]!);
    expect(calls).toEqual([]);
    expect(container.textContent).toContain('Change this reservation in Azure now?');
    await fireEvent.click(byTestId(container, 'apply-in-azure-confirm')[0]!);
    await waitFor(() => expect(onDecided).toHaveBeenCalledTimes(1));
    expect(calls).toEqual([['apply_plan_in_azure', { id: 7 }]]);
    expect(onDecided.mock.calls[0]?.[0].status).toBe('applied');
  });

  it('keeps the plan pending and shows Azure’s words when Azure refuses; Cancel sends nothing', async () => {
    const calls = mockCore({
      apply_plan_in_azure: () => {
        throw {
          code: 'invalid_input',
          message: 'Azure did not apply plan 7, which stays pending: PATCH …: answered 400 Bad Request: InvalidReservationRenewal: Renewal is not allowed',
          detail: null,
          file: null,
          line: null,
          field: 'azure',
        };
      },
    });
    const onDecided = vi.fn();
    const { container } = render(PlanDetails, { plan: plan(), onDecided });
    await fireEvent.click(byTestId(container, 'apply-in-azure')[0]!);
    await fireEvent.click(byTestId(container, 'apply-in-azure-keep')[0]!);
    expect(calls).toEqual([]);
    await fireEvent.click(byTestId(container, 'apply-in-azure')[0]!);
    await fireEvent.click(byTestId(container, 'apply-in-azure-confirm')[0]!);
    await waitFor(() => expect(byTestId(container, 'plan-error')).toHaveLength(1));
    expect(byTestId(container, 'plan-error')[0]?.textContent).toContain('InvalidReservationRenewal');
    expect(onDecided).not.toHaveBeenCalled();
  });

  it('is not offered for a role change, which Azure is not sent yet', () => {
    mockCore({});
    const { container } = render(PlanDetails, {
      plan: plan({
        kind: 'access',
        access_change: {
          action: 'add',
          assignment: { principal_name: 'Ana', principal_id: '11111111-1111-4111-8111-111111111111', kind: 'user', role: 'Reader', granted_at: 'order' },
        },
      }),
    });
    expect(byTestId(container, 'apply-in-azure')).toHaveLength(0);
    expect(byTestId(container, 'apply-plan')).toHaveLength(1);
  });
});
