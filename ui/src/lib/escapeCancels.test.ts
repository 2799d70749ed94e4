import { describe, expect, it } from 'vitest';
import { escapeCancels } from './escapeCancels';

describe('escapeCancels', () => {
  it('cancels on Escape only while work runs and only when nothing else took the key', () => {
    let running = false;
    let cancels = 0;
    const onKeydown = escapeCancels(
      () => running,
      () => cancels++,
    );
    const key = (k: string, taken = false) => {
      const e = new KeyboardEvent('keydown', { key: k, cancelable: true });
      if (taken) e.preventDefault();
      onKeydown(e);
      return e;
    };
    key('Escape');
    expect(cancels).toBe(0);
    running = true;
    key('Enter');
    expect(cancels).toBe(0);
    key('Escape', true);
    expect(cancels).toBe(0);
    const e = key('Escape');
    expect(cancels).toBe(1);
    expect(e.defaultPrevented).toBe(true);
  });
});
