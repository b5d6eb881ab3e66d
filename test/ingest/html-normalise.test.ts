import { describe, expect, it } from "vitest";
import { parseHtml } from "../../src/ingest/loaders/index.js";

describe("parseHtml reads a page's tags as a browser does (parse5 rebuilds the tree by the HTML standard)", () => {
  it("keeps a definition list's entries after a list whose last item leaves its <p> open (Postfix's postconf page)", () => {
    const term = (name: string, body: string) => `<DT><b><a name="${name}">${name}</a> (default: 1)</b></DT><DD>${body}</DD>`;
    const parsed = parseHtml(`<html><body><h1>Parameters</h1><dl>${term("alpha", "<p>Sets alpha.</p>")}
${term("beta", "<ul><li><p>One way.</p><li><p>Another way.</ul>")}${term("gamma", "<p>Sets gamma.</p>")}</dl><p>After the list.</p></body></html>`);
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual([
      "Parameters",
      "Parameters › alpha (default: 1)",
      "Parameters › beta (default: 1)",
      "Parameters › gamma (default: 1)",
      "Parameters",
    ]);
    expect(parsed.content).toContain("- One way.\n\n- Another way.\n\ngamma");
  });

  it("does not read a <title> into the text when the page never closes its <head> (RDoc's pages)", () => {
    const parsed = parseHtml(`<!DOCTYPE html><html><head><meta charset="UTF-8"><title>class Array - RDoc Documentation</title>
<link href="./css/rdoc.css" rel="stylesheet">
<body id="top" class="class"><main><h1>class Array</h1><p>Arrays of things.</p></main></body></html>`);
    expect(parsed.content).toBe("class Array\n\nArrays of things.");
  });

  it("reads a page whose unclosed formatting elements would multiply under the standard's rules as it is, in linear time", () => {
    const open = Array.from({ length: 120 }, (_, i) => `<b class="c${i}">`).join("");
    const paragraphs = Array.from({ length: 50_000 }, (_, i) => `<p>Paragraph ${i}.</p>`).join("");
    const started = performance.now();
    const parsed = parseHtml(`<html><body><h1>Bold</h1><p>${open}x</p>${paragraphs}</body></html>`);
    // The standard reopens the 120 <b>s in each later paragraph: 6 million elements, about 10 s and 115 MB of
    // markup in parse5 alone. The page is read without normalising instead.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(parsed.content).toContain("Paragraph 49999.");
  });
});
