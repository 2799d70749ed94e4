// Files dragged onto the window from Explorer or Finder. Only the desktop app gets their paths
// (the webview's drag-and-drop events); in a plain browser or the dev mock this does nothing.
import { getCurrentWebview } from '@tauri-apps/api/webview';

export type FileDragEvent = { kind: 'enter'; count: number } | { kind: 'over' } | { kind: 'drop'; paths: string[] } | { kind: 'leave' };

/** Whether this window runs inside the desktop app's webview (not a browser, not the mock). */
function inWebview(): boolean {
  if (typeof window === 'undefined' || !('__TAURI_INTERNALS__' in window)) return false;
  const internals = (window as unknown as { __TAURI_INTERNALS__?: { metadata?: { currentWebview?: { label?: unknown } } } })
    .__TAURI_INTERNALS__;
  return typeof internals?.metadata?.currentWebview?.label === 'string';
}

/**
 * Calls `handler` for file drags over the window until the returned function is called. Safe to
 * call anywhere: without the webview, or when listening fails, it listens to nothing.
 */
export function listenForFileDrops(handler: (event: FileDragEvent) => void): () => void {
  if (!inWebview()) return () => {};
  let stopped = false;
  let unlisten: (() => void) | null = null;
  const stop = (u: () => Promise<void> | void) => () => {
    void Promise.resolve()
      .then(u)
      .catch(() => {});
  };
  try {
    getCurrentWebview()
      .onDragDropEvent((event) => {
        if (stopped) return;
        const p = event.payload;
        if (p.type === 'enter') handler({ kind: 'enter', count: p.paths.length });
        else if (p.type === 'over') handler({ kind: 'over' });
        else if (p.type === 'drop') handler({ kind: 'drop', paths: [...p.paths] });
        else handler({ kind: 'leave' });
      })
      .then((u) => {
        if (stopped) stop(u)();
        else unlisten = stop(u);
      })
      .catch(() => {
        // No permission or no webview: dropping is simply not offered.
      });
  } catch {
    return () => {};
  }
  return () => {
    stopped = true;
    unlisten?.();
  };
}
