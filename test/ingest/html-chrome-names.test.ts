import { describe, expect, it } from "vitest";
import { chromeName, isButtonLike, isChromeForm, isLineNumbers, namesContents } from "../../src/ingest/loaders/html/chrome-names.js";
import { htmlElement as element } from "../support/html-tree.js";

describe("what an element's names and markup say of it", () => {
  it("takes a class that starts 'table of contents', however it is joined, for chrome", () => {
    for (const name of ["TableOfContents-wrapper", "table_of_contents_list"]) {
      expect(chromeName(element(`<div class="${name}"><a href="#a">A</a></div>`, "div"), false)).toBe(name.toLowerCase());
    }
    expect(chromeName(element('<div class="table-data"><p>Rows</p></div>', "div"), false)).toBeUndefined();
  });

  it("tells a table of contents by a class or id with 'toc' as a part, or 'table of contents', and not by a word holding 'toc'", () => {
    for (const html of ['<div class="toc">', '<div class="bd-toc">', '<div id="page_toc">', '<div class="TableOfContents">', '<div class="localtoc">']) {
      expect(namesContents(element(`${html}<a href="#a">A</a></div>`, "div"))).toBe(true);
    }
    for (const html of ['<div class="toctree-wrapper">', '<div class="stock">', '<div class="contents">']) {
      expect(namesContents(element(`${html}<a href="#a">A</a></div>`, "div"))).toBe(false);
    }
  });

  it("takes numbers counting up in a pre or cell beside a listing for its line numbers, and not a block inside them", () => {
    const row = "<table><tr><td class=gutter><div class=nums><pre>1\n2\n3</pre></div></td><td><pre>a = 1\nb = 2\nc = 3</pre></td></tr></table>";
    expect(isLineNumbers(element(row, "td"), "td")).toBe(true);
    expect(isLineNumbers(element(row, "pre"), "pre")).toBe(true);
    expect(isLineNumbers(element(row, "div.nums"), "div")).toBe(false);
  });

  it("takes a few words styled as a button for a control, and a long text with that class for text", () => {
    expect(isButtonLike(element('<p><a class="btn btn-primary" href="/start">Get started</a></p>', "a"))).toBe(true);
    const long = "Read the complete guide to configuring replication between regions";
    expect(isButtonLike(element(`<p><a class="btn" href="/guide">${long}</a></p>`, "a"))).toBe(false);
  });

  it("takes a form without prose, or a search form, for chrome, and a form around the page's prose for content", () => {
    expect(isChromeForm(element('<form action="/subscribe"><input name="email"><button>Subscribe</button></form>', "form"))).toBe(true);
    expect(isChromeForm(element('<form action="/search"><p>Search the manual</p><input name="q"></form>', "form"))).toBe(true);
    expect(isChromeForm(element('<form action="/post"><h1>Guide</h1><p>The whole page, wrapped in a form.</p></form>', "form"))).toBe(false);
  });
});
