import type { HTMLElement } from "node-html-parser";
import { collapseWhitespace } from "../document.js";

/**
 * Icon fonts (Font Awesome and its kind) draw a picture for a character of Unicode's private use area, which means
 * nothing as text: Django's console blocks label their tabs `&#xf17c/&#xf179` (Linux and Apple logos) with
 * `title="Linux/macOS"`. Such glyphs read as the label a reader is shown on hover or a screen reader speaks, and
 * are left out where there is none (see the text writer).
 */

/**
 * Unicode's private use areas, as the ranges of a character class (for a pattern with the `u` flag): characters of no
 * standard meaning, glyphs of whatever font the page loads.
 */
export const PRIVATE_USE_RANGES = String.raw`\ue000-\uf8ff\u{f0000}-\u{ffffd}\u{100000}-\u{10fffd}`;
const PRIVATE_USE = new RegExp(`[${PRIVATE_USE_RANGES}]`, "u");
/** Icon glyphs alone, with the separators between them ("\uf17c/\uf179"). */
const ICONS_ONLY = new RegExp(String.raw`^[\s/|·•,${PRIVATE_USE_RANGES}]+$`, "u");

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
