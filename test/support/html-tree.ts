import { type HTMLElement, parse } from "node-html-parser";

/**
 * `html` as a tree, parsed with the options the HTML loader parses with (src/ingest/loaders/html/parse.ts): no
 * comments, and the markup inside a `<pre>` read as elements, since a listing's links and anchors count.
 */
export function htmlTree(html: string): HTMLElement {
  return parse(html, { comment: false, blockTextElements: { script: true, style: true, noscript: true } });
}

/** The first element of `html` that `selector` finds; throws if there is none, so a test cannot pass on nothing. */
export function htmlElement(html: string, selector: string): HTMLElement {
  const found = htmlTree(html).querySelector(selector);
  if (found === null) throw new Error(`no ${selector} in ${html}`);
  return found;
}
