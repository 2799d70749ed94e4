// The under-use threshold the views draw and flag with: the value saved in Settings (the core
// applies the same one to the dashboard and the triage queue), 80 % until it is read.
import type { ReviewSettings } from '../api/desk';

/** Under-use threshold in percent, live: views that read it follow a change in Settings. */
export const thresholds = $state({ underusePercent: 80 });

/** Takes the thresholds the core answered with (at launch, and after Settings saves). */
export function applyReviewSettings(settings: ReviewSettings): void {
  const value = Number(settings.underuse_threshold_percent);
  if (Number.isFinite(value) && value >= 0 && value <= 100) thresholds.underusePercent = value;
}
