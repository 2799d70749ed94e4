import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { AzureConnection as Connection } from '../../api/desk';
import { mockCore } from '../../test/mockCore';
import AzureConnection from './AzureConnection.svelte';

const saved: Connection = {
  arm_url: 'https://management.azure.com',
  partner_center_url: 'https://api.partnercenter.microsoft.com/v1',
  token_command: 'az account get-access-token --tenant {tenant} --resource {resource} --query accessToken -o tsv',
  concurrency: 4,
  overridden_by: ['RDESK_ARM_URL'],
};
const byTestId = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('Settings › Azure connection', () => {
  it('shows the saved connection, says which value the environment overrides, and saves a change', async () => {
    const calls = mockCore({
      get_azure_connection: () => saved,
      set_azure_connection: (a) => ({ ...(a['connection'] as Connection), overridden_by: [] }),
    });
    const { container } = render(AzureConnection);
    const arm = () => byTestId(container, 'settings-azure-arm-url')[0] as HTMLInputElement;
    await waitFor(() => expect(arm().value).toBe('https://management.azure.com'));
    expect(byTestId(container, 'settings-azure-overridden')[0]?.textContent).toContain('RDESK_ARM_URL is set on this computer');
    expect(container.textContent).toContain('{tenant} is the tenant signed in to');
    await fireEvent.input(arm(), { target: { value: ' https://management.chinacloudapi.cn ' } });
    await fireEvent.submit(arm().form as HTMLFormElement);
    await waitFor(() => expect(calls.some(([c]) => c === 'set_azure_connection')).toBe(true));
    const sent = calls.find(([c]) => c === 'set_azure_connection')?.[1]['connection'] as Connection;
    expect(sent.arm_url).toBe('https://management.chinacloudapi.cn');
    expect(sent.concurrency).toBe(4);
  });

  it('shows the core’s refusal under the field it names', async () => {
    mockCore({
      get_azure_connection: () => saved,
      set_azure_connection: () => {
        throw { code: 'invalid_input', message: 'token_command: a command with {tenant} in it', detail: null, file: null, line: null, field: 'token_command' };
      },
    });
    const { container } = render(AzureConnection);
    await waitFor(() => expect((byTestId(container, 'settings-azure-token-command')[0] as HTMLInputElement).value).not.toBe(''));
    await fireEvent.click(byTestId(container, 'settings-azure-save')[0]!);
    await waitFor(() => expect(byTestId(container, 'settings-azure-error')).toHaveLength(1));
    expect(byTestId(container, 'settings-azure-error')[0]?.dataset['field']).toBe('token_command');
  });
});
