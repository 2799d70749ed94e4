// Every error code the window can meet: the core's (generated from Rust) and the window's own.
import type { ErrorCode as CoreErrorCode } from './bindings';

/** Codes the window makes itself, when the core cannot answer or a request never reaches it. */
export type WindowErrorCode =
  /** The page runs without the desktop shell (a browser tab, a test). */
  | 'no_backend'
  /** The bridge to the core failed or answered something unreadable. */
  | 'bridge'
  /** A link that is not an https address was not opened. */
  | 'bad_url';

/** The closed set of codes an `ErrorBody` carries in the window. */
export type ErrorCode = CoreErrorCode | WindowErrorCode;

/** Every code once: the mapped type makes a missing or an extra code a type error. */
const EVERY: { readonly [C in ErrorCode]: true } = {
  invalid_input: true,
  not_found: true,
  store_not_empty: true,
  database_too_new: true,
  store_busy: true,
  io: true,
  store: true,
  internal: true,
  no_backend: true,
  bridge: true,
  bad_url: true,
};

/** Every error code, for the dictionary tests and for reading a body off the wire. */
export const ERROR_CODES = Object.keys(EVERY) as readonly ErrorCode[];

/** Whether a string from the wire is a code this window knows. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(EVERY, value);
}
