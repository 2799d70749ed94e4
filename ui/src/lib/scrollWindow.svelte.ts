// The scroll state of a windowed list: bind its scroller to `element`/`viewport`, call `onscroll`,
// and read `range` for the rows to render. The arithmetic lives in ./windowing.
import { pageRows, revealScrollTop, rowRange, type RowRange } from './windowing';

export interface ScrollWindowOptions {
  /** Rows in the list. */
  readonly count: () => number;
  readonly rowHeight: number;
  readonly overscan: number;
  /** Height (px) of the sticky header above the rows inside the scroller. */
  readonly header: number;
  /** False renders every row (a short list); default true. */
  readonly enabled?: () => boolean;
}

export class ScrollWindow {
  /** The scrolling element (bind:this). */
  element: HTMLElement | undefined = $state.raw();
  /** Its height (bind:clientHeight); 0 until measured. */
  viewport = $state(0);
  scrollTop = $state(0);
  readonly #options: ScrollWindowOptions;

  /** The rows to render now. */
  readonly range: RowRange = $derived.by(() => {
    const count = this.#options.count();
    if (this.#options.enabled && !this.#options.enabled()) return { first: 0, last: count };
    return rowRange(count, this.scrollTop, this.viewport, this.#options);
  });

  constructor(options: ScrollWindowOptions) {
    this.#options = options;
  }

  /** The scroller's scroll listener. */
  readonly onscroll = (): void => {
    this.scrollTop = this.element?.scrollTop ?? 0;
  };

  /** Rows a PageUp/PageDown moves, for a scroller `height` px tall (default: the measured one). */
  page(height: number = this.viewport): number {
    return pageRows(height, this.#options.header, this.#options.rowHeight);
  }

  /** Scrolls as little as needed to show row `index` whole below the header. */
  reveal(index: number): void {
    const element = this.element;
    if (!element) return;
    const { rowHeight, header } = this.#options;
    const next = revealScrollTop(index, rowHeight, element.scrollTop, element.clientHeight - header);
    if (next !== null) element.scrollTop = next;
    this.scrollTop = element.scrollTop;
  }

  /** Back to the top of the list. */
  toTop(): void {
    this.scrollTop = 0;
    if (this.element) this.element.scrollTop = 0;
  }
}
