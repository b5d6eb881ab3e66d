import { type HTMLElement, type Node, NodeType } from "node-html-parser";
import type { TextWriter } from "./text-writer.js";

/** A superscript of digits: a note's number ("award-winning<sup>1</sup>") or a power ("2<sup>64</sup>"), not an ordinal's "nd". */
export function isSuperscriptNumber(element: HTMLElement): boolean {
  return /^\s*[-−+]?\d+\s*$/.test(element.text);
}

/** Words a note's text has at least: fewer is a label ("2<sup>n</sup>", "<sup>1<span>†</span></sup>"). */
const NOTE_WORDS = 3;

/**
 * A superscript that holds its note's text after the note's number, which a style sheet shows on hover: SWI-Prolog's
 * `infinite<sup class="fn">120<span class="fn-text">We prefer infinite, …</span></sup> between/3`. Read as it
 * stands, its number and words run into the words on either side ("infinite120We", "being.between/3").
 */
export function isInlineNote(element: HTMLElement): boolean {
  const [first, ...rest] = element.childNodes;
  if (first?.nodeType !== NodeType.TEXT_NODE || !/^\s*\d+\s*$/.test(first.text)) return false;
  return rest.some((node) => node.nodeType === NodeType.ELEMENT_NODE && node.text.trim().split(/\s+/).length >= NOTE_WORDS);
}

/** Reads an inline note (see {@link isInlineNote}): its number a note's mark, each part apart from the words around it ("infinite^120 We prefer … between/3"). */
export function readInlineNote(note: HTMLElement, writer: TextWriter, walk: (child: Node) => void): void {
  writer.superscript();
  for (const child of note.childNodes) {
    walk(child);
    writer.space();
  }
}
