import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toasts } from '../../lib/toasts.svelte';
import ReviewThresholds from './ReviewThresholds.svelte';

const mocks = vi.hoisted(() => ({ getReviewSettings: vi.fn(), setReviewSettings: vi.fn() }));

vi.mock('../../api/desk', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api/desk')>();
  return {
    ...actual,
    desk: { ...actual.desk, getReviewSettings: mocks.getReviewSettings, setReviewSettings: mocks.setReviewSettings },
  };
});

const SAVED = { underuse_threshold_percent: '80', idle_below_percent: '10', low_headroom_usd: '10000' };

function input(container: HTMLElement, id: string): HTMLInputElement {
  return container.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
}

async function loaded() {
  const view = render(ReviewThresholds);
  await waitFor(() => expect(input(view.container, 'settings-underuse').value).toBe('80'));
  return view;
}

beforeEach(() => {
  mocks.getReviewSettings.mockReset();
  mocks.setReviewSettings.mockReset();
  mocks.getReviewSettings.mockResolvedValue({ ...SAVED });
  toasts.items = [];
});

describe('ReviewThresholds', () => {
  it('loads the thresholds and saves what was typed', async () => {
    const { container, getByTestId } = await loaded();
    expect(getByTestId('settings-review')).toBeTruthy();
    expect(input(container, 'settings-idle').value).toBe('10');
    expect(input(container, 'settings-low-headroom').value).toBe('10000');

    mocks.setReviewSettings.mockResolvedValue({ underuse_threshold_percent: '75.5', idle_below_percent: '5', low_headroom_usd: '25000' });
    await fireEvent.input(input(container, 'settings-underuse'), { target: { value: ' 75.5 ' } });
    await fireEvent.input(input(container, 'settings-idle'), { target: { value: '5' } });
    await fireEvent.input(input(container, 'settings-low-headroom'), { target: { value: '25000' } });
    await fireEvent.click(getByTestId('settings-review-save'));

    await waitFor(() => expect(mocks.setReviewSettings).toHaveBeenCalledTimes(1));
    expect(mocks.setReviewSettings).toHaveBeenCalledWith({
      underuse_threshold_percent: '75.5',
      idle_below_percent: '5',
      low_headroom_usd: '25000',
    });
    await waitFor(() => expect(toasts.items.map((t) => t.text)).toContain('Review thresholds saved'));
    expect(input(container, 'settings-underuse').value).toBe('75.5');
    expect(container.querySelector('[data-testid="settings-review-error"]')).toBeNull();
  });

  it('shows the core’s rejection under the field it names', async () => {
    const { container, getByTestId } = await loaded();
    mocks.setReviewSettings.mockRejectedValue({
      code: 'invalid_input',
      message: 'idle_below_percent: must not be above the under-use threshold (found "90")',
      file: null,
      line: null,
      field: 'idle_below_percent',
    });
    await fireEvent.input(input(container, 'settings-idle'), { target: { value: '90' } });
    await fireEvent.click(getByTestId('settings-review-save'));

    await waitFor(() => expect(container.querySelector('[data-testid="settings-review-error"]')).not.toBeNull());
    const error = container.querySelector<HTMLElement>('[data-testid="settings-review-error"]');
    expect(error?.dataset.field).toBe('idle_below_percent');
    expect(error?.textContent).toContain('Must not be above the under-use threshold (80 %).');
    const idle = input(container, 'settings-idle');
    expect(idle.getAttribute('aria-invalid')).toBe('true');
    expect(idle.getAttribute('aria-describedby')).toContain(error?.id ?? 'missing');
    expect(input(container, 'settings-underuse').getAttribute('aria-invalid')).toBe('false');
    await waitFor(() => expect(document.activeElement).toBe(idle));
    expect(toasts.items).toHaveLength(0);
  });

  it('asks for a value before saving an empty field, and says which percentage is wrong', async () => {
    const { container, getByTestId } = await loaded();
    await fireEvent.input(input(container, 'settings-low-headroom'), { target: { value: '  ' } });
    await fireEvent.click(getByTestId('settings-review-save'));
    expect(mocks.setReviewSettings).not.toHaveBeenCalled();
    expect(container.querySelector('[data-field="low_headroom_usd"]')?.textContent).toContain('Enter a value.');

    mocks.setReviewSettings.mockRejectedValue({
      code: 'invalid_input',
      message: 'underuse_threshold_percent: expected a percentage from 0 to 100 (found "101")',
      file: null,
      line: null,
      field: 'underuse_threshold_percent',
    });
    await fireEvent.input(input(container, 'settings-low-headroom'), { target: { value: '5000' } });
    await fireEvent.input(input(container, 'settings-underuse'), { target: { value: '101' } });
    await fireEvent.click(getByTestId('settings-review-save'));
    await waitFor(() =>
      expect(container.querySelector('[data-field="underuse_threshold_percent"]')?.textContent).toContain(
        'Enter a percentage from 0 to 100.',
      ),
    );
  });

  it('shows a failure that names no field as a panel', async () => {
    const { container, getByTestId } = await loaded();
    mocks.setReviewSettings.mockRejectedValue({ code: 'store', message: 'The store is read-only.', file: null, line: null, field: null });
    await fireEvent.click(getByTestId('settings-review-save'));
    await waitFor(() => expect(container.querySelector('[data-testid="error-panel"]')).not.toBeNull());
    expect(container.textContent).toContain('Could not save the review thresholds');
    expect(container.textContent).toContain('The store is read-only.');
  });
});
