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

  it("reads a page as it is where the standard's rules would multiply its elements, however the tags are written", () => {
    const forms = [(i: number) => `<b class="c${i}">`, (i: number) => `<b id="${i}"/>`, (i: number) => `<b id="${i}"></i>`];
    const paragraphs = "<p>x".repeat(50_000);
    for (const form of forms) {
      const open = Array.from({ length: 120 }, (_, i) => form(i)).join("");
      const started = performance.now();
      const parsed = parseHtml(`<html><body><h1>Bold</h1><div>${open}</div>${paragraphs}</body></html>`);
      // The standard reopens the 120 <b>s in each later paragraph: 6 million elements, minutes and gigabytes (a 200 KB
      // file ran the process out of memory). The page is read without normalising instead.
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(parsed.content.split("x").length - 1).toBe(50_000);
    }
  });

  it("keeps the text after an element written unescaped into prose, which the standard would wrap the page in", () => {
    // gi-docgen writes GtkBuilder's <object> into its sentences.
    const parsed = parseHtml(`<main><h1>Intro</h1><p>Place an <object> element in the page.</p><h2>Next</h2><p>Kept text.</p></main>`);
    expect(parsed.content).toBe("Intro\n\nPlace an element in the page.\n\nNext\n\nKept text.");
  });

  it("reads XML's self-closing forms as XHTML means them: an empty <title/>, a thousand <div/>s", () => {
    const chapter = parseHtml(
      `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><h1>Chapter 1</h1><p>It was a dark night.</p></body></html>`,
    );
    expect(chapter.content).toBe("Chapter 1\n\nIt was a dark night.");
    expect(parseHtml(`<main><h1>t</h1>${"<div/>x".repeat(3000)}</main>`).content.split("x").length - 1).toBe(3000);
  });
});
