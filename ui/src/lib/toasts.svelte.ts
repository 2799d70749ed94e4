// Short confirmations ("Copied") and failures, read out through an aria-live region.

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
}

export const toasts = $state<{ items: Toast[] }>({ items: [] });

let nextId = 1;
const LIFETIME_MS: Record<ToastKind, number> = { success: 2500, info: 4000, error: 8000 };

export function dismissToast(id: number): void {
  toasts.items = toasts.items.filter((t) => t.id !== id);
}

export function showToast(kind: ToastKind, text: string): number {
  const id = nextId++;
  // Keep the stack short: the newest three are enough to read.
  toasts.items = [...toasts.items.slice(-2), { id, kind, text }];
  setTimeout(() => dismissToast(id), LIFETIME_MS[kind]);
  return id;
}
