import type { HTMLElement } from "node-html-parser";
import { opening } from "./headings.js";
import { HEADING_TAG } from "./page.js";

/**
 * The sections a page's elements make, beside its headings' ranks: an `<article>`, a `<section>`, an entry's `<div>`,
 * and a `<div>` that opens with a heading. Inside one, a heading that outranks the one that opens it is one of its
 * sub-sections, not a section of the page.
 */

/**
 * An open `<article>`, `<section>`, entry `<div>` or `<div>` that opens with a heading (see {@link opensSection}),
 * with the level of the heading that opens it once met.
 */
export interface OpenSection {
  element: HTMLElement;
  /** An entry's head (see `entryHead` in headings.ts). */
  head?: HTMLElement;
  level?: number;
  /** What the headings inside are moved down by, once one had to be (see {@link levelInSection}). */
  shift?: number;
  /** The section a `<div>` section stands in (see {@link opensSection}), whose rule its headings meet first. */
  within?: OpenSection;
}

/**
 * A heading's level inside the innermost open `<article>`, `<section>`, entry or `<div>` section: one that outranks
 * the heading opening the element (its first child) and sits deeper in it is one of its sub-sections. Erlang's
 * reference pages open each function's `<article>` with an `<h4>` and head its "Types" with an `<h3>` inside it; read
 * by tag alone, "Types" would close the function's section and every function after it would sit under "Types".
 * Inside an entry every heading is its sub-section (Haddock's "Instances" under each type). The first heading that has
 * to move sets the shift for every later one in the element, so that they keep their order among themselves (an
 * `<h2>` and the `<h3>` under it stay one under the other), and none reaches the opener's level. A `<div>` section's
 * headings meet the rule of the section it stands in first.
 */
export function levelInSection(section: OpenSection | undefined, heading: HTMLElement, level: number): number {
  if (section === undefined) return level;
  if (section.within !== undefined) level = levelInSection(section.within, heading, level);
  if (section.level === undefined) {
    // Only a heading that opens the element heads it (a date above a post's title does not).
    section.level = opening(section.element).first === heading ? level : 0;
    return level;
  }
  const opener = section.level;
  if (section.shift === undefined) {
    const moves = section.head !== undefined ? level <= opener : opener > 0 && level < opener && heading.parentNode !== section.element;
    if (!moves) return level;
    section.shift = opener + 1 - level;
  }
  return Math.max(level + section.shift, opener + 1);
}

/**
 * The section `element` opens, to stand while its children are read: an entry's `<div>` (see `entryHead`) with its
 * head and level, an `<article>` or a `<section>`, or (with `divs`, outside headings and listings) a `<div>` that
 * opens with a heading (see {@link opensSection}), inside `within`, the innermost section open.
 */
export function openedSection(
  element: HTMLElement,
  tag: string,
  entry: { head: HTMLElement; level: number } | undefined,
  within: OpenSection | undefined,
  divs: boolean,
): OpenSection | undefined {
  if (entry !== undefined) return { element, ...entry };
  if (tag === "article" || tag === "section") return { element };
  if (tag !== "div" || !divs || !opensSection(element)) return undefined;
  return within === undefined ? { element } : { element, within };
}

/**
 * A `<div>` that opens with a heading: a section of its own, inside the sections around it. gi-docgen sets a class's
 * description in a box that opens with an `<h4>` "Description", and the description's own headings, written in
 * Markdown, are `<h1>`s; read by rank alone, "Accessibility" would head every constructor and method after it.
 */
function opensSection(div: HTMLElement): boolean {
  const first = opening(div).first;
  return first !== undefined && HEADING_TAG.test(first.tagName?.toLowerCase() ?? "");
}
