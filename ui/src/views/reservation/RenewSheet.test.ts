import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangePlanView, Configuration, RenewalTerms } from '../../api/desk';
import { reservationFixture } from '../../test/fixtures';
import { mockCore } from '../../test/mockCore';
import RenewSheet from './RenewSheet.svelte';

const config = (renew: boolean, renewal: RenewalTerms | null): Configuration => ({
  scope_type: 'shared',
  scope_target: null,
  scope_description: 'Shared',
  instance_flexibility: true,
  renew,
  renewal,
});

function plan(renewal: RenewalTerms): ChangePlanView {
  return {
    id: 12,
    kind: 'settings',
    access_change: null,
    status: 'pending',
    reservation_id: 'r-1',
    reservation_name: 'VM_RI_07-21',
    customer_id: 't-1',
    customer_name: 'Contoso Retail',
    created_at: '2026-11-24T10:00:00Z',
    decided_at: null,
    before: config(false, null),
    after: config(true, renewal),
    az_command: 'az rest --method patch …',
    az_rest_command: 'az rest --method patch …',
    patch_body: { properties: { renew: true } },
    portal_url: 'https://portal.azure.com/',
    valid: true,
    problems: [],
  };
}

const byTestId = (root: HTMLElement, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('RenewSheet', () => {
  it("starts from the reservation's own terms and drafts the renewal the user chose", async () => {
    const calls = mockCore({
      plan_renewal: (a) => plan({ ...(a.request as RenewalTerms) }),
    });
    const { baseElement } = render(RenewSheet, { props: { reservation: reservationFixture(), onClose: () => {} } });
    const term = byTestId(baseElement, 'renew-term') as HTMLSelectElement;
    const quantity = byTestId(baseElement, 'renew-quantity') as HTMLInputElement;
    const billing = byTestId(baseElement, 'renew-billing') as HTMLSelectElement;
    expect([term.value, quantity.value, billing.value]).toEqual(['P3Y', '4', 'Monthly']);

    await fireEvent.input(quantity, { target: { value: '6' } });
    await fireEvent.change(term, { target: { value: 'P1Y' } });
    await fireEvent.click(byTestId(baseElement, 'renew-draft')!);
    await waitFor(() => expect(byTestId(baseElement, 'renew-plan')).not.toBeNull());

    expect(calls).toEqual([
      ['plan_renewal', { reservationId: reservationFixture().id, request: { term: 'P1Y', quantity: 6, billing_plan: 'Monthly' } }],
    ]);
    expect(byTestId(baseElement, 'renew-plan')!.textContent).toContain('1 year · 6 units · Monthly');
  });

  it('asks for a term no file gave instead of guessing one, and refuses a quantity of 0', async () => {
    const calls = mockCore({});
    const { baseElement } = render(RenewSheet, {
      props: { reservation: reservationFixture({ term: null, billing_plan: null }), onClose: () => {} },
    });
    expect((byTestId(baseElement, 'renew-term') as HTMLSelectElement).value).toBe('');
    expect(byTestId(baseElement, 'renew-current')!.textContent).toContain('unknown');

    await fireEvent.click(byTestId(baseElement, 'renew-draft')!);
    expect(byTestId(baseElement, 'renew-field-error')!.textContent).toContain('Choose the term');
    expect(document.activeElement).toBe(byTestId(baseElement, 'renew-term'));

    await fireEvent.change(byTestId(baseElement, 'renew-term')!, { target: { value: 'P3Y' } });
    await fireEvent.input(byTestId(baseElement, 'renew-quantity')!, { target: { value: '0' } });
    await fireEvent.click(byTestId(baseElement, 'renew-draft')!);
    expect(byTestId(baseElement, 'renew-field-error')!.textContent).toContain('at least 1');

    await fireEvent.input(byTestId(baseElement, 'renew-quantity')!, { target: { value: '2' } });
    await fireEvent.click(byTestId(baseElement, 'renew-draft')!);
    expect(byTestId(baseElement, 'renew-field-error')!.textContent).toContain('billing plan');
    expect(calls).toEqual([]);
  });
});
