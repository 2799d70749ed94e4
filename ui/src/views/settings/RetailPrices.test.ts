import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogEntryView, RetailPriceReport } from '../../api/desk';
import { mockCore } from '../../test/mockCore';
import RetailPrices from './RetailPrices.svelte';

const byTestId = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

const report: RetailPriceReport = {
  skus: ['Standard_D2s_v5', 'Standard_D4s_v5'],
  regions: ['westeurope'],
  currency: 'EUR',
  priced_on: '2026-11-24',
  requests: 3,
  found: 4,
  added: 2,
  updated: 1,
  unchanged: 0,
  kept_entered: 1,
  skipped: ['Items[3]: x: service "Storage" is not one this product reserves'],
};
const catalog: CatalogEntryView[] = [
  { sku: 'Standard_D2s_v5', region: 'westeurope', term: 'P1Y', resource_type: 'VirtualMachines', unit_price: '1010.5', currency: 'EUR', source: 'retail', priced_on: '2026-11-24' },
];

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('Settings › Fetch retail prices', () => {
  it('sends the named SKUs, regions and currency, then says what changed and hands back the catalog', async () => {
    const calls = mockCore({ fetch_retail_prices: () => report, list_catalog: () => catalog });
    let got: CatalogEntryView[] | null = null;
    const { container } = render(RetailPrices, { onFetched: (list: CatalogEntryView[]) => (got = list) });
    await fireEvent.input(byTestId(container, 'retail-skus')[0]!, { target: { value: 'Standard_D2s_v5, Standard_D4s_v5 Standard_D2s_v5' } });
    await fireEvent.input(byTestId(container, 'retail-currency')[0]!, { target: { value: 'eur' } });
    await fireEvent.click(byTestId(container, 'retail-start')[0]!);
    await waitFor(() => expect(byTestId(container, 'retail-result')).toHaveLength(1));
    const [name, args] = calls.find(([c]) => c === 'fetch_retail_prices')!;
    expect(name).toBe('fetch_retail_prices');
    expect(args['request']).toEqual({ skus: ['Standard_D2s_v5', 'Standard_D4s_v5'], regions: [], currency: 'EUR' });
    expect(byTestId(container, 'retail-summary')[0]?.textContent?.trim()).toBe('4 retail prices in EUR, dated Nov 24, 2026');
    expect(byTestId(container, 'retail-counts')[0]?.textContent?.trim()).toBe(
      '2 added · 1 updated · 0 unchanged · 1 of your own prices kept',
    );
    expect(byTestId(container, 'retail-skipped')[0]?.textContent).toContain('Storage');
    await waitFor(() => expect(got).toEqual(catalog));
  });

  it('shows a failure at the form and changes nothing', async () => {
    mockCore({
      fetch_retail_prices: () => {
        throw { code: 'invalid_input', message: 'GET https://prices.azure.com/api/retail/prices: answered 503', detail: null, file: null, line: null, field: 'prices' };
      },
    });
    let fetched = false;
    const { container } = render(RetailPrices, { onFetched: () => (fetched = true) });
    await fireEvent.click(byTestId(container, 'retail-start')[0]!);
    await waitFor(() => expect(byTestId(container, 'retail-error')).toHaveLength(1));
    expect(byTestId(container, 'retail-error')[0]?.textContent).toContain('Could not fetch retail prices');
    expect(byTestId(container, 'retail-result')).toHaveLength(0);
    expect(fetched).toBe(false);
  });
});
