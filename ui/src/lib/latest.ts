// The stale-response guard the views share: when a view asks the core again before the last
// answer came (a filter changed, the user navigated), only the answer to the latest request is used.

/** Hands out one ticket per request; a ticket says whether its request is still the latest. */
export class Latest {
  private count = 0;

  /** Starts a request. The function returned is true while no later request has started. */
  begin(): () => boolean {
    const mine = ++this.count;
    return () => mine === this.count;
  }
}
