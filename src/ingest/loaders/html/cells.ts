import { HTMLElement, type Node, NodeType } from "node-html-parser";

/**
 * Tables read row by row, a row on its line and its cells a "|" apart: `<table>`s, and the summary tables Javadoc
 * (JDK 16 and later) lays out as a grid of `<div>`s, `<div class="summary-table three-column-summary">` with a
 * `<div class="col-first">`, `col-second`, …, `col-last` for each cell of a row and no element for the row.
 */

/** What an element is of a Javadoc grid table: the table, a cell, or the cell that ends its row. */
export type GridPart = "table" | "cell" | "last";

export function gridPart(element: HTMLElement): GridPart | undefined {
  if (element.tagName !== "DIV") return undefined;
  if (element.classList.contains("summary-table")) return "table";
  const parent = element.parentNode;
  if (!(parent instanceof HTMLElement) || parent.tagName !== "DIV" || !parent.classList.contains("summary-table")) return undefined;
  return element.classList.contains("col-last") ? "last" : "cell";
}

/**
 * Whether a `<p>` or `<div>` is all its table cell holds, and so the cell's text on its row's line: Docutils' HTML5
 * writer puts a `<p>` in each cell, Javadoc a `<div class="block">` in a description's. A cell of several blocks
 * (a layout table's, a page's whole text in one `<td>`) keeps its paragraphs.
 */
export function isCellText(element: HTMLElement, tag: string): boolean {
  if (tag !== "p" && tag !== "div") return false;
  const cell = element.parentNode;
  if (!(cell instanceof HTMLElement) || (cell.tagName !== "TD" && cell.tagName !== "TH" && gridPart(cell) === undefined)) return false;
  let elements = 0;
  for (const node of cell.childNodes) if (node instanceof HTMLElement && ++elements > 1) return false;
  return true;
}

/**
 * Whether a cell holds pictures and no text: no cell of its row's text, so no "|" sets the next one apart (DocBook's
 * admonition icon beside its "Note", a table laid out to set the two side by side). An empty cell still counts: a
 * header row's first cell over a column of names. A picture's cell is small: the walk ends at the first text or after
 * a few nodes, so a layout cell holding a whole page (tables nested in it) is not read again at each level.
 */
export function isPictureCell(cell: HTMLElement): boolean {
  let picture = false;
  const pending: Node[] = [...cell.childNodes];
  let budget = PICTURE_CELL_NODES;
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (--budget < 0) return false;
    if (node.nodeType === NodeType.TEXT_NODE && node.text.trim() !== "") return false;
    if (!(node instanceof HTMLElement)) continue;
    if (node.tagName === "IMG" || node.tagName === "SVG") picture = true;
    else pending.push(...node.childNodes);
  }
  return picture;
}

/** The most nodes a cell of nothing but pictures is read for (an icon in a link, with whitespace around). */
const PICTURE_CELL_NODES = 32;

/** The table rows open as a page is walked, innermost last, each with the cells it has had so far. */
export class OpenRows {
  private readonly cells: number[] = [];

  open(): void {
    this.cells.push(0);
  }

  close(): void {
    this.cells.pop();
  }

  /** Counts a cell of the innermost row: true when a cell came before it in the row, so a "|" goes between. */
  enterCell(): boolean {
    const last = this.cells.length - 1;
    return last >= 0 && this.cells[last]!++ > 0;
  }

  /** Ends the innermost row where no element ends it (a Javadoc grid's, at its `col-last` cell). */
  endRow(): void {
    if (this.cells.length > 0) this.cells[this.cells.length - 1] = 0;
  }
}
