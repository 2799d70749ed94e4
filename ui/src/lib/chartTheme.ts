// What the canvas charts read their colours from: the theme's CSS variables, and whether the OS
// asks for the dark palette (a chart repaints when that changes).
import { MediaQuery } from 'svelte/reactivity';

/** True while the OS prefers a dark colour scheme; reactive (`prefersDark.current`). */
export const prefersDark = new MediaQuery('(prefers-color-scheme: dark)', false);

/** The value of the CSS custom property `name` on `el`, or `fallback` when it is not set. */
export function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}
