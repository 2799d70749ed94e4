// The window's copy of the core's rule for text customers wrote (src-tauri/desk/src/text.rs):
// C0/C1 control characters, DEL and the bidi embedding/override/isolate characters are shown as a
// visible `\u{…}` placeholder, never raw. Both copies are checked against the same cases
// (tests/fixtures/inert-cases.json). Every answer of the core passes through `makeInert` in
// `api/desk.ts`, so no view has to remember it.

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT_ALL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function placeholder(c: string): string {
  return `\\u{${c.charCodeAt(0).toString(16)}}`;
}

/** One line for a person: every unsafe character, tab and newline included, as `\u{…}`. */
export function inert(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, placeholder) : s;
}

/** Multi-line text for a person: like `inert`, but tabs and newlines stay. */
export function inertText(s: string): string {
  return UNSAFE_TEXT.test(s) ? s.replace(UNSAFE_TEXT_ALL, placeholder) : s;
}

/**
 * Makes every string inside `value` (a fresh answer from the core: plain JSON) inert text, in
 * place, and returns it. Strings without an unsafe character are left as they are.
 */
export function makeInert<T>(value: T): T {
  if (typeof value === 'string') return inertText(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') {
        if (UNSAFE_TEXT.test(v)) value[i] = inertText(v);
      } else if (typeof v === 'object' && v !== null) {
        makeInert(v);
      }
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    if (typeof v === 'string') {
      if (UNSAFE_TEXT.test(v)) record[key] = inertText(v);
    } else if (typeof v === 'object' && v !== null) {
      makeInert(v);
    }
  }
  return value;
}
