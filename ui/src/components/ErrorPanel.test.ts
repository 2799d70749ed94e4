// Errors in two tiers: every code has a headline in both languages, and the panel shows it above a
// "Details" disclosure with the core's words, plus the step that helps for the codes that have one.
import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorBody, ErrorCode } from '../api/desk';
import { ERROR_CODES } from '../api/errorCode';
import { en } from '../i18n/en';
import { i18n } from '../i18n/index.svelte';
import { zhCN } from '../i18n/zh-CN';
import { errorAction, errorHeadline } from '../lib/errorHelp';
import { router } from '../lib/router.svelte';
import ErrorPanel from './ErrorPanel.svelte';
import InlineError from '../views/import/InlineError.svelte';

function body(code: ErrorCode, more: Partial<ErrorBody> = {}): ErrorBody {
  return { code, message: 'the core says so in English', detail: null, file: null, line: null, field: null, ...more };
}

const byTestId = (root: HTMLElement, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

afterEach(() => {
  i18n.choice = 'en';
  router.route = { name: 'dashboard' };
});

describe('error codes', () => {
  it('each have a headline in English and in Chinese', () => {
    expect(ERROR_CODES.length).toBeGreaterThanOrEqual(11);
    for (const code of ERROR_CODES) {
      const key = errorHeadline(code);
      const english = (en as Record<string, string>)[key];
      const chinese = (zhCN as Record<string, string>)[key];
      expect(english?.trim(), `en headline of ${code}`).toBeTruthy();
      expect(chinese?.trim(), `zh-CN headline of ${code}`).toBeTruthy();
      expect(chinese, `zh-CN headline of ${code} is translated`).not.toBe(english);
      expect(chinese, `zh-CN headline of ${code} has Chinese text`).toMatch(/\p{Script=Han}/u);
    }
  });

  it('each have their own headline and an action', () => {
    const keys = ERROR_CODES.map(errorHeadline);
    expect(new Set(keys).size).toBe(ERROR_CODES.length);
    expect(errorAction('store_busy')).toBe('retry');
    expect(errorAction('database_too_new')).toBe('update');
    expect(errorAction('not_found')).toBe('list');
    expect(errorAction('invalid_input')).toBe('field');
  });

  it('fail loudly for a code no switch knows', () => {
    expect(() => errorHeadline('from_a_newer_core' as ErrorCode)).toThrow(/from_a_newer_core/);
  });
});

describe('ErrorPanel', () => {
  it('heads a Chinese window with Chinese words and keeps the core English in the details', async () => {
    i18n.choice = 'zh-CN';
    const onRetry = vi.fn();
    const { container } = render(ErrorPanel, {
      title: '无法加载客户',
      error: body('store_busy', { message: 'the database is in use by another program', detail: 'database is locked' }),
      onRetry,
    });
    expect(byTestId(container, 'error-headline')?.textContent).toBe(zhCN['error.code.store_busy']);
    expect(byTestId(container, 'error-action')?.textContent).toBe(zhCN['error.action.busy']);
    const details = byTestId(container, 'error-details') as HTMLDetailsElement;
    expect(details.tagName).toBe('DETAILS');
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('详细信息');
    expect(byTestId(container, 'error-message')?.textContent).toBe('the database is in use by another program');
    expect(byTestId(container, 'error-detail')?.textContent).toBe('database is locked');
    const retry = byTestId(container, 'error-retry') as HTMLButtonElement;
    expect(retry.classList.contains('primary')).toBe(true);
    await fireEvent.click(retry);
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('tells to update the app when the store is newer, with no retry to offer', () => {
    const { container } = render(ErrorPanel, { title: 'Could not open the store', error: body('database_too_new') });
    expect(byTestId(container, 'error-headline')?.textContent).toBe(en['error.code.database_too_new']);
    expect(byTestId(container, 'error-action')?.textContent).toContain('Update Reservation Desk');
    expect(byTestId(container, 'error-retry')).toBeNull();
  });

  it('leads back to the list when the item a page shows is gone', () => {
    router.route = { name: 'ticket', ticketId: 7 };
    const { container } = render(ErrorPanel, { title: 'Could not load the ticket', error: body('not_found'), onRetry: () => {} });
    const back = byTestId(container, 'error-to-list') as HTMLAnchorElement;
    expect(back.getAttribute('href')).toBe('#/tickets');
    expect(back.textContent).toBe('Back to the list');
    expect(byTestId(container, 'error-retry')).not.toBeNull();
  });

  it('offers no way back on a list itself', () => {
    router.route = { name: 'customers' };
    const { container } = render(ErrorPanel, { title: 'Could not load the customers', error: body('not_found') });
    expect(byTestId(container, 'error-to-list')).toBeNull();
  });

  it('points to the refused field and opens the details that say what is expected', async () => {
    const input = document.createElement('input');
    input.id = 'reason';
    document.body.append(input);
    try {
      const { container } = render(ErrorPanel, {
        title: 'Could not hide the item',
        error: body('invalid_input', { message: 'reason: say in 1 to 500 characters', field: 'reason' }),
      });
      expect(byTestId(container, 'error-action')?.textContent).toBe('Check the value of reason.');
      expect((byTestId(container, 'error-details') as HTMLDetailsElement).open).toBe(true);
      await fireEvent.click(byTestId(container, 'error-to-field') as HTMLButtonElement);
      expect(document.activeElement).toBe(input);
    } finally {
      input.remove();
    }
  });
});

describe('InlineError', () => {
  it('shows the translated headline, where, and the OS error in the details', () => {
    i18n.choice = 'zh-CN';
    const { container } = render(InlineError, {
      title: '无法导出全部数据',
      error: body('io', { message: 'a file could not be created or written', detail: '/ro/p.jsonl: permission denied', file: '/ro/p.jsonl' }),
      testid: 'export-error',
    });
    const note = byTestId(container, 'export-error') as HTMLElement;
    expect(note.getAttribute('data-code')).toBe('io');
    expect(byTestId(container, 'error-headline')?.textContent).toBe(zhCN['error.code.io']);
    expect(note.textContent).toContain('文件 /ro/p.jsonl');
    expect(byTestId(container, 'error-detail')?.textContent).toBe('/ro/p.jsonl: permission denied');
  });
});
