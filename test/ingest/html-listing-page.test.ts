import { describe, expect, it } from "vitest";
import { parseHtml } from "../../src/ingest/loaders/index.js";

/** `n` lines of C, as code. */
const code = (n: number) => Array.from({ length: n }, (_, i) => `int value_${i} = compute(${i}, buffer + ${i});`);

/** Doxygen's source page: a fragment of lines, each with its line number. */
function doxygen(lines: string[], prose = ""): string {
  const body = lines.map((line, i) => `<div class="line"><a id="l${i + 1}"></a><span class="lineno">${i + 1}</span>${line}</div>`).join("\n");
  return `<html><head><title>Eigen: Matrix.h Source File</title></head><body><div class="contents"><div class="title">Matrix.h</div>${prose}<div class="fragment">${body}</div></div></body></html>`;
}

/** rustdoc's source page: a column of line numbers beside the code. */
function rustdoc(lines: string[]): string {
  const numbers = lines.map((_, i) => `<span id="${i + 1}">${i + 1}</span>`).join("\n");
  return `<html><head><title>alloc.rs - source</title></head><body class="rustdoc source"><main><div class="example-wrap"><pre class="line-numbers">${numbers}</pre><pre class="rust"><code>${lines.join("\n")}</code></pre></div></main></body></html>`;
}

/** `n` lines of Python highlighted as Pygments does, a "[docs]" link before every tenth definition when `docs`. */
function pygments(n: number, docs: boolean): string {
  const line = (i: number) =>
    `<span class="k">def</span> <span class="nf">handler_${i}</span><span class="p">(</span><span class="n">request</span><span class="p">,</span> <span class="n">timeout</span><span class="o">=</span><span class="mi">${i}</span><span class="p">):</span>  <span class="c1"># waits ${i} seconds</span>`;
  const link = (i: number) => (docs && i % 10 === 0 ? `<a class="viewcode-back" href="../../ref/handlers.html#handler_${i}">[docs]</a>` : "");
  return Array.from({ length: n }, (_, i) => link(i) + line(i)).join("\n");
}

/** Sphinx's page of a module's source (viewcode): one highlighted listing under "Source code for …". */
function viewcode(listing: string): string {
  return `<html><head><title>app.handlers — App 1.0 documentation</title></head><body><div class="document"><div class="body" role="main"><h1>Source code for app.handlers</h1><div class="highlight"><pre>${listing}</pre></div></div></div></body></html>`;
}

describe("parseHtml: a page that shows a program's source file line by line", () => {
  it("tells Doxygen's and rustdoc's source pages", () => {
    expect(parseHtml(doxygen(code(60))).sourceListing).toBe(true);
    expect(parseHtml(rustdoc(code(60))).sourceListing).toBe(true);
  });

  it("does not take a page of text with a numbered listing in it, a short listing, or a listing without numbers", () => {
    const prose = `<p>${"This page explains how the values are computed and why each one reads the buffer at its own offset. ".repeat(20)}</p>`;
    expect(parseHtml(doxygen(code(60), prose)).sourceListing).toBeUndefined();
    expect(parseHtml(doxygen(code(20))).sourceListing).toBeUndefined();
    const plain = `<html><head><title>Example</title></head><body><main><h1>Example</h1><pre>${code(80).join("\n")}</pre></main></body></html>`;
    expect(parseHtml(plain).sourceListing).toBeUndefined();
  });

  it("tells rustdoc's newer source pages (pre.src-line-numbers of links)", () => {
    const lines = code(60);
    const numbers = lines.map((_, i) => `<a href="#${i + 1}" id="${i + 1}">${i + 1}</a>`).join("\n");
    const page = `<html><head><title>lib.rs - source</title></head><body class="rustdoc src"><main><div class="example-wrap"><div data-nosnippet><pre class="src-line-numbers">${numbers}</pre></div><pre class="rust"><code>${lines.join("\n")}</code></pre></div></main></body></html>`;
    expect(parseHtml(page).sourceListing).toBe(true);
  });

  it("does not count the line numbers as text: prose beside a long listing of short lines keeps the page", () => {
    const short = Array.from({ length: 210 }, (_, i) => (i % 2 === 0 ? "f();" : "}"));
    const gutter = short.map((_, i) => i + 1).join("\n");
    const prose =
      "<p>This helper module wires the parts together. Each call registers a handler. The handlers run in order. Errors stop the chain. The last handler writes the response.</p>";
    const page = `<html><head><title>Helpers</title></head><body><main><h1>Helpers</h1>${prose}<table class="highlighttable"><tr><td class="linenos"><div class="linenodiv"><pre>${gutter}</pre></div></td><td class="code"><div class="highlight"><pre>${short.join("\n")}</pre></div></td></tr></table></main></body></html>`;
    expect(parseHtml(page).sourceListing).toBeUndefined();
  });

  it("tells a page of highlighted code that links to the site's pages (Sphinx's module sources, Haddock's src/)", () => {
    expect(parseHtml(viewcode(pygments(80, true))).sourceListing).toBe(true);
    const haddock = Array.from(
      { length: 60 },
      (_, i) =>
        `<span id="line-${i + 1}"></span><span class="hs-identifier hs-var">parse${i}</span> <span class="hs-glyph">::</span> <a href="Data.Aeson.Types.html#Value"><span class="hs-identifier hs-type">Value</span></a> <span class="hs-glyph">-&gt;</span> <span class="hs-identifier hs-type">Parser</span> <span class="hs-keyword">where</span> <span class="hs-comment">-- step ${i}</span>`,
    ).join("\n");
    expect(parseHtml(`<html><head><title>Data/Aeson/Parser.hs</title></head><body><pre>${haddock}</pre></body></html>`).sourceListing).toBe(true);
  });

  it("tells a source browser's page, whose every line is an anchor, though it links nowhere (HsColour's, in GHC's docs)", () => {
    const hscolour = (anchored: boolean) =>
      Array.from(
        { length: 60 },
        (_, i) =>
          `${anchored ? `<a name="line-${i + 1}"></a>` : ""}<span class='hs-varid'>fromMaybe${i}</span> <span class='hs-keyglyph'>::</span> <span class='hs-varid'>a</span> <span class='hs-keyglyph'>-&gt;</span> <span class='hs-conid'>Maybe</span> <span class='hs-keyword'>where</span> <span class='hs-comment'>-- case ${i}</span>`,
      ).join("\n");
    const page = (anchored: boolean) => `<html><head><title>Data/Maybe.hs</title></head><body><pre>${hscolour(anchored)}</pre></body></html>`;
    expect(parseHtml(page(true)).sourceListing).toBe(true);
    // The same code without the anchors is an example program: kept.
    expect(parseHtml(page(false)).sourceListing).toBeUndefined();
  });

  it("keeps highlighted code that links nowhere, short or beside prose, and a manual page or reference set in <pre>", () => {
    expect(parseHtml(viewcode(pygments(80, false))).sourceListing).toBeUndefined();
    expect(parseHtml(viewcode(pygments(30, true))).sourceListing).toBeUndefined();
    const prose = `<p>${"Each handler waits for its request and gives up after its timeout, which the caller sets per route. ".repeat(25)}</p>`;
    expect(parseHtml(viewcode(pygments(80, true)).replace("<h1>", `${prose}<h1>`)).sourceListing).toBeUndefined();
    // A manual page in one <pre>: words and links, not highlighted code.
    const manual = Array.from(
      { length: 80 },
      (_, i) => `       The <b>-o</b> option ${i} sets where output goes; see <a href="access.5.html">access(5)</a> for the rules.`,
    ).join("\n");
    expect(parseHtml(`<html><head><title>postconf(1)</title></head><body><pre>${manual}</pre></body></html>`).sourceListing).toBeUndefined();
    // An API reference whose declarations are highlighted blocks of a few lines each, none holding the page.
    const declarations = Array.from({ length: 40 }, (_, i) => `<pre>${pygments(3, true).replaceAll("handler_", `proc${i}_`)}</pre>`).join("");
    expect(parseHtml(`<html><head><title>posix</title></head><body><h1>Module posix</h1>${declarations}</body></html>`).sourceListing).toBeUndefined();
  });

  it("does not take a page without a letter or digit in its text for a source file, however many numbered lines it shows", () => {
    const lines = Array.from({ length: 60 }, (_, i) => `<div class="line"><span class="lineno">${i + 1}</span>};</div>`).join("\n");
    const parsed = parseHtml(`<html><body><div class="fragment">${lines}</div></body></html>`);
    expect(parsed.content).toBe(Array(60).fill("};").join("\n"));
    expect(parsed.sourceListing).toBeUndefined();
  });

  it("still reads the source page's text", () => {
    expect(parseHtml(doxygen(code(60))).content).toContain("int value_59 = compute(59, buffer + 59);");
  });
});
