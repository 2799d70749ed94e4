// What the window says and offers for each error code: the headline in the UI's language and the
// one action that helps. Both switch over the closed union, so a new code fails type-check here.
import type { ErrorCode } from '../api/desk';
import type { MessageKey } from '../i18n/index.svelte';
import type { Route } from './route';

/** The step offered beside an error, beyond the view's own "Try again". */
export type ErrorAction =
  /** Trying the same request again is likely to work: "Try again" is the main button. */
  | 'retry'
  /** Only a newer app opens this store. */
  | 'update'
  /** The item is gone: back to the list it came from. */
  | 'list'
  /** A value was refused: point to the field. */
  | 'field'
  /** The window runs without the desktop shell. */
  | 'desktop'
  /** Nothing more than the words and the details. */
  | 'none';

/** Fails type-check when a code is left out of a switch; at run time a code no switch knows. */
function unhandled(code: never): never {
  throw new Error(`no error text for code ${String(code)}`);
}

/** The headline's message key for `code`. */
export function errorHeadline(code: ErrorCode): MessageKey {
  switch (code) {
    case 'invalid_input':
      return 'error.code.invalid_input';
    case 'not_found':
      return 'error.code.not_found';
    case 'store_not_empty':
      return 'error.code.store_not_empty';
    case 'database_too_new':
      return 'error.code.database_too_new';
    case 'store_busy':
      return 'error.code.store_busy';
    case 'io':
      return 'error.code.io';
    case 'store':
      return 'error.code.store';
    case 'internal':
      return 'error.code.internal';
    case 'no_backend':
      return 'error.code.no_backend';
    case 'bridge':
      return 'error.code.bridge';
    case 'bad_url':
      return 'error.code.bad_url';
    default:
      return unhandled(code);
  }
}

/** The action offered for `code`. */
export function errorAction(code: ErrorCode): ErrorAction {
  switch (code) {
    case 'store_busy':
      return 'retry';
    case 'database_too_new':
      return 'update';
    case 'not_found':
      return 'list';
    case 'invalid_input':
      return 'field';
    case 'no_backend':
      return 'desktop';
    case 'store_not_empty':
    case 'io':
    case 'store':
    case 'internal':
    case 'bridge':
    case 'bad_url':
      return 'none';
    default:
      return unhandled(code);
  }
}

/** The list to go back to when the item a page shows is not found; null on a list itself. */
export function listRouteFor(route: Route): Route | null {
  switch (route.name) {
    case 'reservation':
    case 'customer':
    case 'report':
      return { name: 'customers' };
    case 'ticket':
      return { name: 'tickets' };
    case 'review':
      return { name: 'dashboard' };
    default:
      return null;
  }
}
