import type { HTMLElement } from "node-html-parser";
import { collapseWhitespace } from "../document.js";

/**
 * Icon fonts (Font Awesome and its kind) draw a picture for a character of Unicode's private use area, which means
 * nothing as text: Django's console blocks label their tabs `&#xf17c/&#xf179` (Linux and Apple logos) with
 * `title="Linux/macOS"`. Such glyphs read as the label a reader is shown on hover or a screen reader speaks, and
 * are left out where there is none (see the text writer).
 */

/** A private-use character: no standard meaning, a glyph of whatever font the page loads. */
const PRIVATE_USE = /[\ue000-\uf8ff\u{f0000}-\u{ffffd}\u{100000}-\u{10fffd}]/u;
/** Icon glyphs alone, with the separators between them ("\uf17c/\uf179"). */
const ICONS_ONLY = /^[\s/|·•,\ue000-\uf8ff\u{f0000}-\u{ffffd}\u{100000}-\u{10fffd}]+$/u;

/**
 * The label of an element that is icon glyphs alone (its `aria-label`, else its `title`), or undefined for any
 * other element: one with words, with no label, or too big to be an icon's.
 */
export function iconLabel(element: HTMLElement): string | undefined {
  const label = collapseWhitespace(element.getAttribute("aria-label") ?? element.getAttribute("title") ?? "");
  if (label === "" || element.childNodes.length > 3) return undefined;
  const text = element.text;
  return text.length <= 16 && PRIVATE_USE.test(text) && ICONS_ONLY.test(text) ? label : undefined;
}
