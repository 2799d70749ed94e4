import { fireEvent, render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DateInput from './DateInput.svelte';

describe('DateInput', () => {
  it('shows the day as the lists write it, reads what is typed, and moves by day and month', async () => {
    const props = $state({ value: '2026-11-24', min: '2026-11-01', max: '2026-12-31', testid: 'd' });
    const { getByTestId } = render(DateInput, { props });
    const input = getByTestId('d') as HTMLInputElement;
    expect(input.type).toBe('text');
    expect(input.value).toBe('Nov 24, 2026');

    await fireEvent.focus(input);
    await fireEvent.input(input, { target: { value: '12/3/2026' } });
    expect(input.getAttribute('data-value')).toBe('2026-12-03');
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.getAttribute('data-value')).toBe('2026-12-04');
    await fireEvent.keyDown(input, { key: 'PageUp' });
    expect(input.getAttribute('data-value')).toBe('2026-12-31');
    expect(input.value).toBe('Dec 31, 2026');

    await fireEvent.input(input, { target: { value: 'Feb 30, 2026' } });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('data-value')).toBe('Feb 30, 2026');
    await fireEvent.input(input, { target: { value: '2026-11-30' } });
    await fireEvent.blur(input);
    expect(input.value).toBe('Nov 30, 2026');
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });
});
