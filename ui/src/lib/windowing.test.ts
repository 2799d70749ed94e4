import { describe, expect, it } from 'vitest';
import { ScrollWindow } from './scrollWindow.svelte';
import {
  UNMEASURED_VIEWPORT,
  navigateIndex,
  pageRows,
  renderedIndices,
  revealScrollTop,
  rowRange,
  spacerHeights,
} from './windowing';

const G = { rowHeight: 32, overscan: 4 };

describe('rowRange', () => {
  it('starts the first window at row 0 with overscan below only', () => {
    // 320 px shows 10 rows; 4 overscan rows either side make a span of 18.
    expect(rowRange(1000, 0, 320, G)).toEqual({ first: 0, last: 18 });
  });

  it('puts overscan rows above and below a window in the middle', () => {
    // scrollTop 3200 is row 100: the window starts 4 rows above it.
    expect(rowRange(1000, 3200, 320, G)).toEqual({ first: 96, last: 114 });
    expect(rowRange(1000, 3210, 320, G)).toEqual({ first: 96, last: 114 });
    expect(rowRange(1000, 3232, 320, G)).toEqual({ first: 97, last: 115 });
  });

  it('ends the last window at the last row', () => {
    // Scrolled to the bottom: 1000 rows of 32 px in a 320 px body.
    expect(rowRange(1000, 1000 * 32 - 320, 320, G)).toEqual({ first: 986, last: 1000 });
  });

  it('clamps the overscan to a list shorter than the window', () => {
    expect(rowRange(5, 0, 320, G)).toEqual({ first: 0, last: 5 });
    expect(rowRange(5, 64, 320, G)).toEqual({ first: 0, last: 5 });
  });

  it('is empty for an empty list, even at a stale scroll position', () => {
    expect(rowRange(0, 0, 320, G)).toEqual({ first: 0, last: 0 });
    expect(rowRange(0, 5000, 320, G)).toEqual({ first: 0, last: 0 });
  });

  it('never starts past the end when the list shrank under the scroll position', () => {
    const range = rowRange(10, 100_000, 320, G);
    expect(range.first).toBeLessThanOrEqual(range.last);
    expect(range.last).toBe(10);
  });

  it('assumes a tall viewport before it is measured', () => {
    const span = Math.ceil(UNMEASURED_VIEWPORT / 32) + 8;
    expect(rowRange(1000, 0, 0, G)).toEqual({ first: 0, last: span });
  });
});

describe('spacerHeights', () => {
  it('stands in for the rows outside the window', () => {
    expect(spacerHeights({ first: 96, last: 114 }, 1000, 32)).toEqual({ before: 96 * 32, after: 886 * 32 });
  });

  it('is zero at both ends of a list that fits', () => {
    expect(spacerHeights({ first: 0, last: 5 }, 5, 32)).toEqual({ before: 0, after: 0 });
    expect(spacerHeights({ first: 0, last: 0 }, 0, 32)).toEqual({ before: 0, after: 0 });
  });
});

describe('renderedIndices', () => {
  it('lists the window', () => {
    expect(renderedIndices({ first: 3, last: 6 })).toEqual([3, 4, 5]);
  });

  it('keeps a pinned row beyond the window, once', () => {
    expect(renderedIndices({ first: 3, last: 6 }, 500)).toEqual([3, 4, 5, 500]);
    expect(renderedIndices({ first: 3, last: 6 }, 4)).toEqual([3, 4, 5]);
    expect(renderedIndices({ first: 3, last: 6 }, 6)).toEqual([3, 4, 5, 6]);
    expect(renderedIndices({ first: 0, last: 0 }, -1)).toEqual([]);
  });
});

describe('pageRows', () => {
  it('counts the whole rows below the header, at least one', () => {
    expect(pageRows(320, 32, 32)).toBe(9);
    expect(pageRows(300, 32, 52)).toBe(5);
    expect(pageRows(0, 32, 52)).toBe(1);
  });
});

describe('revealScrollTop', () => {
  it('leaves a row in view where it is', () => {
    expect(revealScrollTop(5, 32, 0, 288)).toBeNull();
    expect(revealScrollTop(8, 32, 0, 288)).toBeNull();
  });

  it('scrolls down just enough to show a row below the window', () => {
    // Row 9 ends at 320; the 288 px body must end there.
    expect(revealScrollTop(9, 32, 0, 288)).toBe(32);
    expect(revealScrollTop(500, 32, 0, 288)).toBe(500 * 32 + 32 - 288);
  });

  it('scrolls up to the top of a row above the window', () => {
    expect(revealScrollTop(3, 32, 320, 288)).toBe(96);
    expect(revealScrollTop(0, 52, 5000, 288)).toBe(0);
  });

  it('does nothing in a scroller with no room under its header', () => {
    expect(revealScrollTop(500, 32, 0, 0)).toBeNull();
    expect(revealScrollTop(500, 32, 0, -32)).toBeNull();
  });
});

describe('navigateIndex', () => {
  it('walks one row with j/k and the arrows, stopping at the ends', () => {
    expect(navigateIndex('j', 3, 10, 5)).toBe(4);
    expect(navigateIndex('ArrowDown', 9, 10, 5)).toBe(9);
    expect(navigateIndex('k', 3, 10, 5)).toBe(2);
    expect(navigateIndex('ArrowUp', 0, 10, 5)).toBe(0);
  });

  it('starts on the first row when there is no current one', () => {
    expect(navigateIndex('j', -1, 10, 5)).toBe(0);
    expect(navigateIndex('k', -1, 10, 5)).toBe(0);
    expect(navigateIndex('PageDown', -1, 10, 5)).toBe(5);
    expect(navigateIndex('PageUp', -1, 10, 5)).toBe(0);
  });

  it('moves a page, clamped to the list', () => {
    expect(navigateIndex('PageDown', 2, 10, 5)).toBe(7);
    expect(navigateIndex('PageDown', 7, 10, 5)).toBe(9);
    expect(navigateIndex('PageUp', 7, 10, 5)).toBe(2);
    expect(navigateIndex('PageUp', 2, 10, 5)).toBe(0);
  });

  it('jumps to either end', () => {
    expect(navigateIndex('Home', 7, 10, 5)).toBe(0);
    expect(navigateIndex('End', 2, 10, 5)).toBe(9);
  });

  it('ignores other keys and empty lists', () => {
    expect(navigateIndex('x', 2, 10, 5)).toBeNull();
    expect(navigateIndex('Enter', 2, 10, 5)).toBeNull();
    expect(navigateIndex('End', -1, 0, 5)).toBeNull();
  });
});

describe('ScrollWindow', () => {
  /** A stand-in scroller: jsdom does no layout, so its heights and scrolling are set by hand. */
  function scroller(clientHeight: number): HTMLElement {
    return { clientHeight, scrollTop: 0 } as unknown as HTMLElement;
  }

  it('follows the scroll position', () => {
    const win = new ScrollWindow({ count: () => 1000, rowHeight: 32, overscan: 4, header: 32 });
    win.element = scroller(352);
    win.viewport = 320;
    expect(win.range).toEqual({ first: 0, last: 18 });
    win.element.scrollTop = 3200;
    win.onscroll();
    expect(win.range).toEqual({ first: 96, last: 114 });
  });

  it('renders every row when windowing is off', () => {
    const win = new ScrollWindow({ count: () => 50, rowHeight: 32, overscan: 4, header: 32, enabled: () => false });
    win.scrollTop = 640;
    expect(win.range).toEqual({ first: 0, last: 50 });
  });

  it('scrolls a row beyond the window into view, and the window to it', () => {
    const win = new ScrollWindow({ count: () => 1000, rowHeight: 52, overscan: 6, header: 32 });
    const element = scroller(32 + 520); // ten rows under the header
    win.element = element;
    win.viewport = element.clientHeight;
    win.reveal(500);
    expect(element.scrollTop).toBe(500 * 52 + 52 - 520);
    expect(win.range.first).toBeLessThanOrEqual(500);
    expect(win.range.last).toBeGreaterThan(500);
    win.reveal(495);
    expect(element.scrollTop).toBe(500 * 52 + 52 - 520);
    win.toTop();
    expect(element.scrollTop).toBe(0);
    expect(win.range.first).toBe(0);
  });

  it('pages by the rows that fit under the header', () => {
    const win = new ScrollWindow({ count: () => 1000, rowHeight: 52, overscan: 6, header: 32 });
    win.viewport = 32 + 520;
    expect(win.page()).toBe(10);
    expect(win.page(0)).toBe(1);
  });
});
