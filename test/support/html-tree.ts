import { type HTMLElement, parse } from "node-html-parser";
import { TREE_OPTIONS } from "../../src/ingest/loaders/html/normalise.js";

/**
 * `html` as a tree, parsed with the options the HTML loader parses with, but not normalised as the loader does
 * first.
 */
export function htmlTree(html: string): HTMLElement {
  return parse(html, TREE_OPTIONS);
}

/** The first element of `html` that `selector` finds; throws if there is none, so a test cannot pass on nothing. */
export function htmlElement(html: string, selector: string): HTMLElement {
  const found = htmlTree(html).querySelector(selector);
  if (found === null) throw new Error(`no ${selector} in ${html}`);
  return found;
}
