import type { HTMLElement } from "node-html-parser";
import { describe, expect, it } from "vitest";
import { isPointerLink, isSkipOrPermalink, isTrailingPointer } from "../../src/ingest/loaders/html/links.js";
import { htmlTree } from "../support/html-tree.js";

/** The links of `html`, in order. */
function links(html: string): HTMLElement[] {
  return htmlTree(html).querySelectorAll("a");
}

describe("links that only point elsewhere", () => {
  it("takes a 'source' link standing alone for a pointer, but not one into the page or one set as code", () => {
    const [alone, inPage, code] = links(
      '<p><a href="x.py">source</a></p><p><a href="#index-source">source</a></p><p><a href="builtins.html"><code>source</code></a></p>',
    );
    expect(isPointerLink(alone as HTMLElement)).toBe(true);
    // Bash's `source` builtin, in its index and in the page's own text, is a name.
    expect(isPointerLink(inPage as HTMLElement)).toBe(false);
    expect(isPointerLink(code as HTMLElement)).toBe(false);
  });

  it("takes a 'Source' link that ends a heading before its self-link for a pointer, and not the heading's names", () => {
    const [name, source] = links('<h3>data <a href="T.html">Parser</a> <a href="src/T.html#Parser">Source</a> <a href="#t:Parser">#</a></h3>');
    expect(isTrailingPointer(source as HTMLElement)).toBe(true);
    expect(isTrailingPointer(name as HTMLElement)).toBe(false);
  });

  it("takes a permalink or a 'skip to content' link for one only when it points into the page", () => {
    const [skip, away, mark, markAway] = links('<a href="#main">Skip to content</a><a href="/">Skip to content</a><a href="#s1">¶</a><a href="/s1">¶</a>');
    expect([skip, away, mark, markAway].map((link) => isSkipOrPermalink(link as HTMLElement))).toEqual([true, false, true, false]);
  });
});
