// Opening a page of the Azure portal from a view.
import { toDeskError } from '../api/desk';
import { openInBrowser } from '../api/system';
import { t } from '../i18n/index.svelte';
import { showToast } from './toasts.svelte';

/**
 * Opens `url` in the system browser. A failure is shown as an error toast, worded by `failed`
 * from the reason (by default: the portal page could not be opened).
 */
export async function openPortal(
  url: string,
  failed: (reason: string) => string = (error) => t('reservation.portalOpenFailed', { error }),
): Promise<void> {
  try {
    await openInBrowser(url);
  } catch (e) {
    showToast('error', failed(toDeskError(e).message));
  }
}
