// Esc stops long work (an import, a fetch): one rule for every view that runs some.

/**
 * A window `keydown` handler: Escape calls `cancel` while `running()` is true, unless something
 * nearer (an open menu, a dialog) already handled the key.
 */
export function escapeCancels(running: () => boolean, cancel: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key === 'Escape' && running() && !event.defaultPrevented) {
      event.preventDefault();
      cancel();
    }
  };
}
