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

  it("still reads the source page's text", () => {
    expect(parseHtml(doxygen(code(60))).content).toContain("int value_59 = compute(59, buffer + 59);");
  });
});
