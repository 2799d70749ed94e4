// The current place in the window, kept in step with the location hash.
import { hrefFor, parseHash, type Route } from './route';

export const router = $state<{ route: Route }>({ route: parseHash(location.hash) });

window.addEventListener('hashchange', () => {
  router.route = parseHash(location.hash);
});

/** Goes to a place; `replace` swaps the history entry (used for tabs) so Back leaves the page. */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefFor(route);
  if (options.replace) {
    history.replaceState(history.state, '', href);
    router.route = route;
  } else if (location.hash !== href) {
    location.hash = href;
  } else {
    router.route = route;
  }
}
