import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FetchReport, TenantFetch } from '../../api/desk';
import { mockCore } from '../../test/mockCore';
import RefreshFromAzure from './RefreshFromAzure.svelte';

const TENANT = 'a1a1a1a1-0000-4000-8000-00000000000a';
const byTestId = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function report(t: Partial<TenantFetch>): FetchReport {
  const tenant: TenantFetch = {
    tenant_id: TENANT,
    name: 'Contoso',
    status: 'ok',
    reservations: 3,
    orders: 2,
    days: 90,
    requests: 9,
    changed: true,
    problems: [],
    ...t,
  };
  return { status: tenant.status, tenants: [tenant], problems: [], millis: 10 };
}

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('Refresh from Azure', () => {
  it('fetches only this tenant and reloads the page when the store changed', async () => {
    const calls = mockCore({ fetch_from_azure: () => report({}) });
    const onChanged = vi.fn();
    const { container } = render(RefreshFromAzure, { tenantId: TENANT, onChanged });
    await fireEvent.click(byTestId(container, 'customer-refresh')[0]!);
    await waitFor(() => expect(byTestId(container, 'customer-refresh-result')).toHaveLength(1));
    expect(calls[0]?.[0]).toBe('fetch_from_azure');
    expect(calls[0]?.[1]['tenants']).toEqual([TENANT]);
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(byTestId(container, 'customer-refresh-result')[0]?.textContent).toContain('3 reservations, 90 days of utilization');
  });

  it('says up to date without reloading, and shows why a refresh failed', async () => {
    let next = report({ changed: false });
    mockCore({ fetch_from_azure: () => next });
    const onChanged = vi.fn();
    const { container } = render(RefreshFromAzure, { tenantId: TENANT, onChanged });
    await fireEvent.click(byTestId(container, 'customer-refresh')[0]!);
    await waitFor(() => expect(byTestId(container, 'customer-refresh-result')[0]?.textContent).toContain('Up to date'));
    expect(onChanged).not.toHaveBeenCalled();

    next = report({
      status: 'failed',
      changed: false,
      problems: [{ file: `tenant ${TENANT}`, line: null, path: null, id: null, field: null, found: null, expected: `sign-in needed for ${TENANT}` }],
    });
    await fireEvent.click(byTestId(container, 'customer-refresh')[0]!);
    await waitFor(() => expect(byTestId(container, 'customer-refresh-result')[0]?.dataset['status']).toBe('failed'));
    expect(byTestId(container, 'customer-refresh-result')[0]?.textContent).toContain('sign-in needed');
    expect(onChanged).not.toHaveBeenCalled();
  });
});
