// The name the save dialog suggests for a customer's review report.

/** Characters no file name may hold on Windows (and `/` nowhere), plus control and bidi characters. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[/\\:*?"<>|\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Longer names are cut: most file systems stop at 255 bytes, and a dialog shows far less. */
const MAX_CHARS = 120;

/**
 * A file name from `base` (already in the UI language, e.g. "Contoso review 2026-11-24") and the
 * format's extension: characters a file system refuses become spaces, runs of spaces shrink to
 * one, leading and trailing dots and spaces go (Windows drops them silently), and a name left
 * empty becomes `fallback`.
 */
export function reportFileName(base: string, extension: 'html' | 'csv' | 'ics', fallback: string): string {
  const clean = (s: string) =>
    [...s.replace(FORBIDDEN, ' ').replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, '')].slice(0, MAX_CHARS).join('').trim();
  const name = clean(base) || clean(fallback) || 'report';
  return `${name}.${extension}`;
}
