import { fireEvent, render, screen } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Column } from '../lib/table';
import DataTable from './DataTable.svelte';

interface Row {
  id: string;
  name: string;
  size: number;
}

const rows: Row[] = [
  { id: 'a', name: 'Bravo', size: 3 },
  { id: 'b', name: 'Alpha', size: 10 },
  { id: 'c', name: 'Charlie', size: 1 },
];

// A generic component's row type cannot be inferred through render(); the props below are typed by hand.
const Table = DataTable as unknown as Component<Record<string, unknown>>;

const columns: Column<Row>[] = [
  { id: 'name', label: 'Name', sortKey: (r) => r.name, text: (r) => r.name },
  { id: 'size', label: 'Size', align: 'end', sortKey: (r) => r.size, text: (r) => String(r.size) },
];

function setup(extra: Record<string, unknown> = {}) {
  const onOpen = vi.fn();
  render(Table, {
    props: {
      rows,
      columns,
      rowKey: (r: Row) => r.id,
      label: 'Things',
      onOpen,
      rowTestId: 'thing-row',
      rowAttributes: (r: Row) => ({ 'data-thing-id': r.id }),
      ...extra,
    },
  });
  return { onOpen };
}

const order = () => screen.getAllByTestId('thing-row').map((r) => r.getAttribute('data-thing-id')).join('');

describe('DataTable', () => {
  it('renders one row per item with its test id and attributes, in the initial sort', () => {
    setup({ sort: { column: 'name', direction: 'asc' } });
    expect(order()).toBe('bac');
    expect(screen.getByRole('grid', { name: 'Things' }).getAttribute('aria-rowcount')).toBe('4');
  });

  it('sorts by a header click and flips on a second click', async () => {
    setup();
    const sizeHeader = screen.getByRole('button', { name: /Size/ });
    await fireEvent.click(sizeHeader);
    expect(order()).toBe('cab');
    expect(sizeHeader.closest('th')?.getAttribute('aria-sort')).toBe('ascending');
    await fireEvent.click(sizeHeader);
    expect(order()).toBe('bac');
    expect(sizeHeader.closest('th')?.getAttribute('aria-sort')).toBe('descending');
  });

  it('moves with arrows and j/k and opens the active row with Enter', async () => {
    const { onOpen } = setup();
    const grid = screen.getByRole('grid');
    grid.focus();
    await fireEvent.focus(grid);
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'j' });
    await fireEvent.keyDown(grid, { key: 'k' });
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(rows[1]);
    const active = screen.getAllByTestId('thing-row').find((r) => r.getAttribute('aria-selected') === 'true');
    expect(grid.getAttribute('aria-activedescendant')).toBe(active?.id);
  });

  it('opens a row on click', async () => {
    const { onOpen } = setup();
    await fireEvent.click(screen.getByText('Charlie'));
    expect(onOpen).toHaveBeenCalledWith(rows[2]);
  });

  it('renders only a window of rows for long lists', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `r${i}`, name: `Row ${i}`, size: i }));
    render(Table, {
      props: { rows: many, columns, rowKey: (r: Row) => r.id, label: 'Many', rowTestId: 'many-row' },
    });
    const rendered = screen.getAllByTestId('many-row').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);
    expect(screen.getByRole('grid', { name: 'Many' }).getAttribute('aria-rowcount')).toBe('5001');
  });
});

describe('DataTable filter', () => {
  it('keeps the sorted order while a filter narrows the rows', async () => {
    setup({ sort: { column: 'name', direction: 'asc' }, filter: (r: Row) => r.size > 2 });
    const ids = screen.getAllByTestId('thing-row').map((r) => r.getAttribute('data-key') ?? r.textContent);
    expect(ids).toEqual(['Alpha10', 'Bravo3']);
  });
});

describe('DataTable column widths', () => {
  it('resizes a column from the keyboard, remembers it for the next visit, and forgets it on double-click', async () => {
    localStorage.removeItem('rdesk.columns.things');
    const first = render(Table, { props: { rows, columns, rowKey: (r: Row) => r.id, label: 'Things', resizeKey: 'things' } });
    const handle = () => first.container.querySelector<HTMLElement>('[data-testid="column-resize"][data-column="size"]')!;
    const col = () => first.container.querySelectorAll('col')[1] as HTMLTableColElement;
    // jsdom lays nothing out: the header's width reads 0, so the first step lands on the 48 px minimum.
    await fireEvent.keyDown(handle(), { key: 'ArrowRight' });
    await fireEvent.keyDown(handle(), { key: 'ArrowRight', shiftKey: true });
    expect(col().style.width).toBe('112px');
    expect(JSON.parse(localStorage.getItem('rdesk.columns.things') ?? '{}')).toEqual({ size: 112 });
    first.unmount();

    const again = render(Table, { props: { rows, columns, rowKey: (r: Row) => r.id, label: 'Things', resizeKey: 'things' } });
    const col2 = again.container.querySelectorAll('col')[1] as HTMLTableColElement;
    expect(col2.style.width).toBe('112px');
    await fireEvent.dblClick(again.container.querySelector('[data-testid="column-resize"][data-column="size"]')!);
    expect(col2.style.width).toBe('');
    expect(localStorage.getItem('rdesk.columns.things')).toBeNull();
  });

  it('offers no resizing without a place to remember it', () => {
    const { container } = render(Table, { props: { rows, columns, rowKey: (r: Row) => r.id, label: 'Things' } });
    expect(container.querySelector('[data-testid="column-resize"]')).toBeNull();
  });
});
