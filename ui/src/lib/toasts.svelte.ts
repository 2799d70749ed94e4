// Short confirmations ("Copied") and failures, read out through an aria-live region.

export type ToastKind = 'success' | 'error' | 'info';

/** A button on a toast ("Undo"); pressing it runs `run` and dismisses the toast. */
export interface ToastAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
  readonly action?: ToastAction;
}

export const toasts = $state<{ items: Toast[] }>({ items: [] });

let nextId = 1;
const LIFETIME_MS: Record<ToastKind, number> = { success: 2500, info: 4000, error: 8000 };

export function dismissToast(id: number): void {
  toasts.items = toasts.items.filter((t) => t.id !== id);
}

/** A toast with an action stays long enough to reach its button. */
const ACTION_LIFETIME_MS = 8000;

export function showToast(kind: ToastKind, text: string, action?: ToastAction): number {
  const id = nextId++;
  // Keep the stack short: the newest three are enough to read.
  toasts.items = [...toasts.items.slice(-2), action ? { id, kind, text, action } : { id, kind, text }];
  setTimeout(() => dismissToast(id), action ? ACTION_LIFETIME_MS : LIFETIME_MS[kind]);
  return id;
}
