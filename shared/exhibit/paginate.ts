/**
 * Splits the exhibit's flowing content (tables and figures after the map page) over pages of
 * a fixed body height. Tables break between rows and repeat their title and header row on
 * every page they continue on; a figure is never split. Heights are measured in the browser
 * with the page's own fonts, so the plan matches what is printed.
 */

export type FlowBlock =
  | { kind: 'table'; id: string; titleHeight: number; headHeight: number; rowHeights: number[] }
  | { kind: 'figure'; id: string; titleHeight: number; height: number };

/** Part of one block on one page: rows [from, to) of a table, or the whole figure. */
export interface PageSlice {
  id: string;
  kind: FlowBlock['kind'];
  from: number;
  to: number;
  /** The block started on an earlier page. */
  continued: boolean;
  /** Figures only: the height it may take on this page (less than its own when it must shrink). */
  maxHeight?: number;
}

/**
 * Pages of slices, in order. `gap` separates blocks on a page. A row or figure taller than a
 * whole page gets a page of its own (a figure shrinks to fit it) rather than looping forever.
 */
export function paginate(
  blocks: readonly FlowBlock[],
  bodyHeight: number,
  gap: number,
): PageSlice[][] {
  const pages: PageSlice[][] = [];
  let page: PageSlice[] = [];
  let used = 0;
  const newPage = () => {
    if (page.length > 0) pages.push(page);
    page = [];
    used = 0;
  };
  const spaceBefore = () => (page.length > 0 ? gap : 0);

  for (const block of blocks) {
    if (block.kind === 'figure') {
      let need = spaceBefore() + block.titleHeight + block.height;
      if (used + need > bodyHeight && page.length > 0) {
        newPage();
        need = block.titleHeight + block.height;
      }
      const room = bodyHeight - used - spaceBefore() - block.titleHeight;
      const slice: PageSlice = { id: block.id, kind: 'figure', from: 0, to: 1, continued: false };
      if (block.height > room) slice.maxHeight = Math.max(0, room);
      page.push(slice);
      used += need;
      continue;
    }
    let from = 0;
    const rows = block.rowHeights;
    while (from < rows.length || (from === 0 && rows.length === 0)) {
      const head = spaceBefore() + block.titleHeight + block.headHeight;
      let to = from;
      let height = head;
      while (to < rows.length && used + height + rows[to]! <= bodyHeight) {
        height += rows[to]!;
        to++;
      }
      if (to === from && rows.length > 0) {
        // Not even one row fits under the title here: start a new page, unless the page is
        // already empty (a row taller than a page), which then takes the page on its own.
        if (page.length > 0) {
          newPage();
          continue;
        }
        height += rows[to]!;
        to++;
      }
      page.push({ id: block.id, kind: 'table', from, to, continued: from > 0 });
      used += height;
      if (rows.length === 0) break;
      from = to;
      if (from < rows.length) newPage();
    }
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
