import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerDetail, ReportSaved, StoreInfo } from '../api/desk';
import { i18n } from '../i18n/index.svelte';
import { session } from '../lib/session.svelte';
import { toasts } from '../lib/toasts.svelte';
import { page } from '../lib/page.svelte';
import { reservationFixture } from '../test/fixtures';
import Customer from './Customer.svelte';
import Report from './Report.svelte';
import { mockCore } from '../test/mockCore';

const TENANT = '6f1b6c3a-1d2e-4c5b-9a8f-0e1d2c3b4a59';
const HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reservation review — Contoso: A/B — 2026-11-24</title></head>' +
  '<body><main><h1>Reservation review — Contoso: A/B</h1><script>parent.__leak = 1</script></main></body></html>';
const HTML_ZH =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>预留审阅 — Contoso: A/B — 2026-11-24</title></head>' +
  '<body><main><h1>预留审阅 — Contoso: A/B</h1></main></body></html>';

function detail(name: string): CustomerDetail {
  return {
    customer: {
      tenant_id: TENANT,
      name,
      primary_domain: 'contoso.onmicrosoft.com',
      billing_currency: 'EUR',
      country: 'DE',
      subscription_count: 1,
      reservation_count: 2,
      active_reservation_count: 2,
      nearest_expiry: '2026-12-20',
      nearest_expiry_days_left: 26,
      total_commitment: { amount: '1234.5', currency: 'EUR' },
      total_commitment_usd: { amount: '1339.43', currency: 'USD' },
      reservations_without_price: 0,
    },
    subscriptions: [],
  };
}

const names = (calls: Array<[string, Record<string, unknown>]>) => calls.map(([cmd]) => cmd);

function frameOf(container: HTMLElement): HTMLIFrameElement {
  const frame = container.querySelector<HTMLIFrameElement>('[data-testid="report-frame"]');
  if (!frame) throw new Error('no report frame');
  return frame;
}

beforeEach(() => {
  session.store = { today: '2026-11-24' } as StoreInfo;
  toasts.items = [];
});

afterEach(() => {
  i18n.choice = 'system';
  clearMocks();
  session.store = null;
  toasts.items = [];
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('Report', () => {
  it('shows the core\'s page in a sandboxed frame (no scripts, no same origin) with the customer in the breadcrumb', async () => {
    const calls = mockCore({ preview_report: () => HTML, get_customer: () => detail('Contoso: A/B') });
    const { container, getByTestId } = render(Report, { tenantId: TENANT });
    expect(getByTestId('report-loading')).toBeTruthy();
    expect((getByTestId('report-save-html') as HTMLButtonElement).disabled).toBe(true);

    await waitFor(() => frameOf(container));
    const frame = frameOf(container);
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.hasAttribute('sandbox')).toBe(true);
    expect(frame.getAttribute('srcdoc')).toBe(HTML);
    expect(frame.title).toContain('Contoso: A/B');
    expect(container.querySelector('[data-testid="report-loading"]')).toBeNull();
    expect((window as unknown as Record<string, unknown>)['__leak']).toBeUndefined();
    expect(calls).toContainEqual(['preview_report', { tenantId: TENANT, language: 'en' }]);
    expect(getByTestId('report').textContent).toContain('Open the saved HTML in a browser and print it to PDF.');
    expect(page.crumbs.map((c) => c.label)).toEqual(['Customers', 'Contoso: A/B', 'Review report']);
    expect(page.crumbs[1]?.href).toBe(`#/customers/${TENANT}`);
  });

  it('saves: asks for a file with a clean suggested name, then saves there and says so', async () => {
    const saved: ReportSaved = { path: '/home/me/Contoso A B review 2026-11-24.html', bytes: 20480, reservations: 12 };
    const calls = mockCore({
      preview_report: () => HTML,
      get_customer: () => detail('Contoso: A/B'),
      pick_report_file: () => saved.path,
      save_report: () => saved,
    });
    const { container, getByTestId } = render(Report, { tenantId: TENANT });
    await waitFor(() => frameOf(container));

    await fireEvent.click(getByTestId('report-save-html'));
    await waitFor(() => expect(names(calls)).toContain('save_report'));
    const picked = calls.findIndex(([cmd]) => cmd === 'pick_report_file');
    const wrote = calls.findIndex(([cmd]) => cmd === 'save_report');
    expect(picked).toBeGreaterThanOrEqual(0);
    expect(picked).toBeLessThan(wrote);
    expect(calls[picked]?.[1]).toEqual({
      fileName: 'Contoso A B review 2026-11-24.html',
      format: 'html',
      text: { title: 'Save the review report', filter: 'Web page (print to PDF from a browser)' },
    });
    expect(calls[wrote]?.[1]).toEqual({ tenantId: TENANT, format: 'html', path: saved.path, language: 'en' });
    await waitFor(() => expect(toasts.items.map((x) => x.text)).toContain(`Saved ${saved.path} (12 reservations)`));
    expect(toasts.items[0]?.kind).toBe('success');

    await fireEvent.click(getByTestId('report-save-csv'));
    await waitFor(() => expect(calls.filter(([cmd]) => cmd === 'save_report')).toHaveLength(2));
    expect(calls.filter(([cmd]) => cmd === 'pick_report_file')[1]?.[1]).toEqual({
      fileName: 'Contoso A B review 2026-11-24.csv',
      format: 'csv',
      text: { title: 'Save the review report', filter: 'CSV table' },
    });
    expect(calls.filter(([cmd]) => cmd === 'save_report')[1]?.[1]).toMatchObject({ format: 'csv' });
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const calls = mockCore({
      preview_report: () => HTML,
      get_customer: () => detail('Contoso'),
      pick_report_file: () => null,
      save_report: () => {
        throw new Error('must not be called');
      },
    });
    const { container, getByTestId } = render(Report, { tenantId: TENANT });
    await waitFor(() => frameOf(container));
    await fireEvent.click(getByTestId('report-save-csv'));
    await waitFor(() => expect(names(calls)).toContain('pick_report_file'));
    await waitFor(() => expect((getByTestId('report-save-csv') as HTMLButtonElement).disabled).toBe(false));
    expect(names(calls)).not.toContain('save_report');
    expect(toasts.items).toEqual([]);
    expect(container.querySelector('[data-testid="report-save-error"]')).toBeNull();
  });

  it('shows a failed save in plain words, and the report stays', async () => {
    mockCore({
      preview_report: () => HTML,
      get_customer: () => detail('Contoso'),
      pick_report_file: () => '/read-only/x.html',
      save_report: () => {
        throw { code: 'io', message: 'could not write /read-only/x.html: permission denied', file: '/read-only/x.html', line: null, field: null };
      },
    });
    const { container, getByTestId } = render(Report, { tenantId: TENANT });
    await waitFor(() => frameOf(container));
    await fireEvent.click(getByTestId('report-save-html'));
    const note = await waitFor(() => getByTestId('report-save-error'));
    expect(note.textContent).toContain('Could not save the report');
    expect(note.textContent).toContain('permission denied');
    expect(frameOf(container)).toBeTruthy();
  });

  it('takes the name from the report\'s title when the customer record cannot be read', async () => {
    const calls = mockCore({
      preview_report: () => HTML,
      get_customer: () => {
        throw { code: 'internal', message: 'boom', file: null, line: null, field: null };
      },
      pick_report_file: () => null,
    });
    const { container, getByTestId } = render(Report, { tenantId: TENANT });
    await waitFor(() => frameOf(container));
    expect(page.crumbs[1]?.label).toBe('Contoso: A/B');
    await fireEvent.click(getByTestId('report-save-html'));
    await waitFor(() => expect(names(calls)).toContain('pick_report_file'));
    expect(calls.find(([cmd]) => cmd === 'pick_report_file')?.[1]).toMatchObject({
      fileName: 'Contoso A B review 2026-11-24.html',
      format: 'html',
    });
  });

  it('asks for the page in the UI\'s language, and reloads it in the other one when the language switches', async () => {
    const saved: ReportSaved = { path: '/home/me/r.html', bytes: 20480, reservations: 2 };
    const calls = mockCore({
      preview_report: (a) => (a['language'] === 'zh-CN' ? HTML_ZH : HTML),
      get_customer: () => {
        throw { code: 'internal', message: 'boom', file: null, line: null, field: null };
      },
      pick_report_file: () => saved.path,
      save_report: () => saved,
    });
    const { container, getByTestId } = render(Report, { tenantId: TENANT });
    await waitFor(() => expect(frameOf(container).getAttribute('srcdoc')).toBe(HTML));

    i18n.choice = 'zh-CN';
    await waitFor(() => expect(frameOf(container).getAttribute('srcdoc')).toBe(HTML_ZH));
    expect(calls.filter(([cmd]) => cmd === 'preview_report').map(([, a]) => a)).toEqual([
      { tenantId: TENANT, language: 'en' },
      { tenantId: TENANT, language: 'zh-CN' },
    ]);
    // The name read back from the Chinese title is the customer's, not the title's words.
    expect(page.crumbs[1]?.label).toBe('Contoso: A/B');

    await fireEvent.click(getByTestId('report-save-html'));
    await waitFor(() => expect(names(calls)).toContain('save_report'));
    expect(calls.find(([cmd]) => cmd === 'save_report')?.[1]).toEqual({
      tenantId: TENANT,
      format: 'html',
      path: saved.path,
      language: 'zh-CN',
    });

    i18n.choice = 'en';
    await waitFor(() => expect(frameOf(container).getAttribute('srcdoc')).toBe(HTML));
    expect(calls.filter(([cmd]) => cmd === 'preview_report')).toHaveLength(3);
  });

  it('shows an unknown customer as an error with a retry that loads again', async () => {
    let attempts = 0;
    mockCore({
      preview_report: () => {
        attempts += 1;
        if (attempts === 1) throw { code: 'not_found', message: `no customer with tenant ID ${TENANT}`, file: null, line: null, field: null };
        return HTML;
      },
      get_customer: () => detail('Contoso'),
    });
    const { container, getByTestId, getByText } = render(Report, { tenantId: TENANT });
    const panel = await waitFor(() => getByTestId('error-panel'));
    expect(panel.getAttribute('data-code')).toBe('not_found');
    expect(panel.textContent).toContain('Could not prepare the review report');
    expect(container.querySelector('[data-testid="report-frame"]')).toBeNull();
    await fireEvent.click(getByText('Try again'));
    await waitFor(() => frameOf(container));
    expect(attempts).toBe(2);
  });
});

describe('Customer page', () => {
  it('links to the customer\'s review report', async () => {
    mockCore({
      get_customer: () => detail('Contoso'),
      list_reservations: () => [reservationFixture()],
    });
    const { getByTestId } = render(Customer, { tenantId: TENANT });
    const link = getByTestId('customer-report') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(`#/customers/${TENANT}/report`);
    expect(link.textContent).toContain('Review report');
    await waitFor(() => expect(getByTestId('reservation-table')).toBeTruthy());
  });
});
