// Display thresholds. They only colour and annotate; the rules that act on them live in the core.

/** Below this 30-day utilization a reservation is flagged as under-used. */
export const UNDERUSE_THRESHOLD_PERCENT = 80;
