import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchReport, TenantFetch } from '../../api/desk';
import { mockCore } from '../../test/mockCore';
import FetchFromAzure from './FetchFromAzure.svelte';

const PARTNER = '99999999-9999-4999-8999-999999999999';
const byTestId = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function tenant(id: string, name: string, status: TenantFetch['status'], changed = true): TenantFetch {
  return {
    tenant_id: id,
    name,
    status,
    reservations: 2,
    orders: 2,
    days: 60,
    requests: 7,
    changed,
    problems:
      status === 'failed'
        ? [
            {
              file: `tenant ${id}`,
              line: null,
              path: null,
              id: null,
              field: null,
              found: null,
              expected: 'GET https://management.azure.com/providers/Microsoft.Capacity/reservations: answered 500 : InternalServerError',
            },
          ]
        : [],
  };
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('Fetch from Azure', () => {
  it('asks for a partner tenant GUID before it goes online', async () => {
    const calls = mockCore({});
    const { container } = render(FetchFromAzure, { disabled: false });
    await fireEvent.click(byTestId(container, 'fetch-start')[0]!);
    expect(calls).toEqual([]);
    expect(container.textContent).toContain('A tenant ID is a GUID');
    const input = byTestId(container, 'fetch-partner')[0] as HTMLInputElement;
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('fetches every customer with the partner tenant, remembers it, and lists each tenant with its outcome', async () => {
    const report: FetchReport = {
      status: 'failed',
      tenants: [tenant('a1', 'Contoso', 'ok'), tenant('b2', 'Fabrikam', 'ok', false), tenant('c3', 'Tailspin', 'failed')],
      problems: [],
      millis: 1200,
    };
    const calls = mockCore({ fetch_from_azure: () => report });
    const { container } = render(FetchFromAzure, { disabled: false });
    const input = byTestId(container, 'fetch-partner')[0] as HTMLInputElement;
    await fireEvent.input(input, { target: { value: ` ${PARTNER.toUpperCase()} ` } });
    await fireEvent.click(byTestId(container, 'fetch-start')[0]!);
    await waitFor(() => expect(byTestId(container, 'fetch-result')).toHaveLength(1));
    const [name, args] = calls[0]!;
    expect(name).toBe('fetch_from_azure');
    expect(args['tenants']).toEqual([]);
    expect(args['partnerTenant']).toBe(PARTNER);
    expect(localStorage.getItem('rdesk.partnerTenant')).toBe(PARTNER);

    expect(byTestId(container, 'fetch-summary')[0]?.textContent).toBe('1 of 3 customers failed; the others were imported');
    const rows = byTestId(container, 'fetch-tenant');
    expect(rows.map((r) => r.dataset['status'])).toEqual(['ok', 'ok', 'failed']);
    expect(rows[0]?.textContent).toContain('Imported');
    expect(rows[1]?.textContent).toContain('Unchanged');
    expect(rows[2]?.textContent).toContain('Failed, nothing written');
    expect(rows[2]?.textContent).toContain('InternalServerError');
    expect(rows[0]?.textContent).toContain('Reservations: 2 · orders: 2 · days of utilization: 60 · requests: 7');
  });

  it('shows the core’s error in two tiers when the fetch cannot start', async () => {
    localStorage.setItem('rdesk.partnerTenant', PARTNER);
    mockCore({
      fetch_from_azure: () => {
        throw { code: 'invalid_input', message: 'the partner tenant is not a GUID', detail: null, file: null, line: null, field: 'partner_tenant' };
      },
    });
    const { container } = render(FetchFromAzure, { disabled: false });
    expect((byTestId(container, 'fetch-partner')[0] as HTMLInputElement).value).toBe(PARTNER);
    await fireEvent.click(byTestId(container, 'fetch-start')[0]!);
    await waitFor(() => expect(byTestId(container, 'fetch-error')).toHaveLength(1));
    expect(byTestId(container, 'fetch-error')[0]?.dataset['code']).toBe('invalid_input');
  });

  it('is disabled while a file import runs', () => {
    mockCore({});
    const { container } = render(FetchFromAzure, { disabled: true });
    expect((byTestId(container, 'fetch-start')[0] as HTMLButtonElement).disabled).toBe(true);
  });
});
