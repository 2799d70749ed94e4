// What the window asks of the operating system: the clipboard and the default browser.
import { writeText } from '@tauri-apps/plugin-clipboard-manager';
import { openUrl } from '@tauri-apps/plugin-opener';
import { toDeskError } from './desk';
import { inertText } from '../lib/inert';

/**
 * Puts text on the system clipboard (needs clipboard-manager:allow-write-text): plain text only,
 * tabs and newlines, never a control or bidi character.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await writeText(inertText(text));
  } catch (thrown) {
    throw toDeskError(thrown);
  }
}

/** Opens an https address in the system browser, never inside the app window (needs opener:allow-open-url). */
export async function openInBrowser(url: string): Promise<void> {
  if (!/^https:\/\//i.test(url)) {
    throw toDeskError({ code: 'bad_url', message: `Only https addresses are opened: ${url}` });
  }
  try {
    await openUrl(url);
  } catch (thrown) {
    throw toDeskError(thrown);
  }
}
