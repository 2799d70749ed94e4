// WebKitGTK reports the POSIX locale of the process as navigator.language; under LANG=C (or unset)
// that is "C", which Intl rejects with "RangeError: invalid language tag" — and libraries that
// format numbers at import time (uPlot) would then stop the whole window from starting.
// This module is imported first by main.ts so that the language is sane before anything else runs.

/** The BCP 47 tag to use for `candidate`, or `fallback` when Intl does not accept it. */
export function usableLanguage(candidate: string | undefined, fallback = 'en-US'): string {
  if (!candidate) return fallback;
  try {
    const [canonical] = Intl.getCanonicalLocales(candidate);
    return canonical ?? fallback;
  } catch {
    return fallback;
  }
}

/** Replaces navigator.language (and languages) when the platform's value is not a valid tag. */
export function guardNavigatorLanguage(nav: Navigator = navigator): void {
  const current = nav.language;
  const usable = usableLanguage(current);
  if (usable === current) return;
  Object.defineProperty(nav, 'language', { value: usable, configurable: true });
  Object.defineProperty(nav, 'languages', { value: [usable], configurable: true });
}

guardNavigatorLanguage();
