import { describe, expect, it } from "vitest";
import { isIndexEntry } from "../../src/ingest/loaders/html/link-index.js";
import { parseHtml } from "../../src/ingest/loaders/index.js";
import { htmlTree } from "../support/html-tree.js";

/** `count` list items, each one link to another page (an index's entries, a table of contents' titles). */
function linkItems(count: number, text: (i: number) => string, href = (i: number) => `page${i}.html#entry`): string {
  return Array.from({ length: count }, (_, i) => `<li><a href="${href(i)}">${text(i)}</a></li>`).join("\n");
}

const SPHINX_INDEX = `<!DOCTYPE html><html><head><title>Index – R — Python 3.11 documentation</title></head><body>
<div class="related"><ul><li><a href="index.html">Python</a></li></ul></div>
<div class="body" role="main">
<h1 id="index-R">Index – R</h1>
<h2 id="R">R</h2>
<table class="indextable genindextable"><tr>
<td><ul>${linkItems(30, (i) => `radians${i}() (in module math)`)}</ul></td>
<td><ul>${linkItems(30, (i) => `read${i}() (io.RawIOBase method)`)}</ul></td>
</tr></table>
</div></body></html>`;

describe("parseHtml: an index of other pages", () => {
  it("reads a site's index without its entries, which are other pages' names", () => {
    const parsed = parseHtml(SPHINX_INDEX);
    expect(parsed.title).toBe("Index – R");
    expect(parsed.content).toBe("Index – R\n\nR");
    expect(parsed.sections.map((s) => s.headings)).toEqual([["Index – R"], ["Index – R", "R"]]);
  });

  it("reads a table of contents as its title alone, never as an empty page", () => {
    const toc = `<html><head><title>Python Documentation contents</title></head><body><div role="main">
      <h1>Python Documentation contents</h1>
      <div class="toctree-wrapper"><ul>${linkItems(
        40,
        (i) => `Chapter ${i}: a section title`,
        (i) => `chapter${i}.html`,
      )}</ul></div>
      </div></body></html>`;
    expect(parseHtml(toc).content).toBe("Python Documentation contents");
  });

  it("keeps a page's own text beside a long list of links (Javadoc's known subinterfaces)", () => {
    const names = Array.from({ length: 200 }, (_, i) => `<a href="Listener${i}.html">Listener${i}</a>`).join(", ");
    const page = `<html><body><main><h1>Interface EventListener</h1>
      <dl class="notes"><dt>All Known Subinterfaces:</dt><dd><code>${names}</code></dd></dl>
      <p>A tagging interface that all event listener interfaces must extend.</p></main></body></html>`;
    const { content } = parseHtml(page);
    expect(content).toContain("A tagging interface that all event listener interfaces must extend.");
    expect(content).not.toContain("Listener17");
    expect(content).not.toContain("All Known Subinterfaces");
  });

  it("keeps every link of a page that is mostly text, however many links it holds", () => {
    const prose = Array.from({ length: 30 }, (_, i) => `<p>Paragraph ${i} explains how the option works, and when to set it.</p>`).join("\n");
    const page = `<html><body><main><h1>Options</h1>${prose}<h2>See also</h2><ul>${linkItems(30, (i) => `related option ${i}`)}</ul></main></body></html>`;
    const { content } = parseHtml(page);
    expect(content).toContain("related option 29");
    expect(content).toContain("Paragraph 29 explains");
  });

  it("keeps a short page of links, which says what it says through them", () => {
    const page = `<html><body><main><h1>Moved</h1><ul>${linkItems(19, (i) => `New place ${i}`)}</ul></main></body></html>`;
    expect(parseHtml(page).content).toContain("New place 18");
  });
});

describe("parseHtml: pages of links that are text of their own", () => {
  it("keeps a changelog whose entries link off the site, and a bibliography whose links are sentences", () => {
    const changes = linkItems(
      22,
      (i) => `Fix a crash when the journal file ${i} is truncated`,
      (i) => `https://github.com/o/r/pull/${i}`,
    );
    expect(parseHtml(`<main><h1>Changes</h1><h2>3.1.0</h2><ul>${changes}</ul></main>`).content).toContain("journal file 21 is truncated");
    const papers = linkItems(
      22,
      (i) => `A. Author and B. Author. Paper number ${i} on log-structured merge trees. VLDB 2019.`,
      (i) => `papers/p${i}.pdf`,
    );
    expect(parseHtml(`<main><h1>Papers</h1><ul>${papers}</ul></main>`).content).toContain("Paper number 21");
  });

  it("keeps an index's own paragraph beside its list in one wrapper, a listing's linked names, and terms that head entries", () => {
    const list = `<ul>${linkItems(40, (i) => `module_${i}`)}</ul>`;
    const intro = parseHtml(
      `<main><h1>Modules</h1><div class="section"><p>These modules handle encryption at rest; pick one per table.</p>${list}</div></main>`,
    );
    expect(intro.content).toContain("These modules handle encryption at rest");
    const calls = Array.from({ length: 30 }, (_, i) => `<a href="f${i}.html">sqlite3_function_${i}</a>(<a href="db.html">db</a>)`).join("\n");
    const listing = parseHtml(`<main><h1>Calls</h1><div class="box"><pre>${calls}</pre></div>${list}</main>`);
    expect(listing.content).toContain("sqlite3_function_29(db)");
    const entries = Array.from({ length: 6 }, (_, i) => `<dt id="e${i}">entry${i}</dt><dd><ul>${linkItems(6, (j) => `use ${i}.${j}`)}</ul></dd>`).join("");
    const terms = parseHtml(`<main><h1>Uses</h1><dl>${entries}</dl></main>`);
    expect(terms.sections.map((s) => s.headings.at(-1))).toContain("entry5");
  });
});

/**
 * A DocBook book's table of contents as gtk-doc writes it: chapters and sections linked alone, reference pages linked
 * with their purpose after a dash; `purpose` gives the i-th purpose line.
 */
function docbookContents(purpose: (i: number) => string): string {
  const chapters = Array.from({ length: 8 }, (_, i) => `<dt><span class="chapter"><a href="ch${i}.html">Chapter ${i}</a></span></dt>`).join("\n");
  const refentries = Array.from(
    { length: 16 },
    (_, i) => `<dt><span class="refentrytitle"><a href="ref-${i}.html">Boxed Types ${i}</a></span><span class="refpurpose">${purpose(i)}</span></dt>`,
  ).join("\n");
  return `<html><head><title>GObject Reference Manual: GObject Reference Manual</title></head><body><div class="book">
<div class="titlepage"><div><p class="releaseinfo">For GObject 2.74.6.</p></div></div>
<div class="toc"><dl class="toc">${chapters}<dt><span class="reference"><a href="rn01.html">API Reference</a></span></dt><dd><dl>${refentries}</dl></dd></dl></div>
</div></body></html>`;
}

describe("parseHtml: a table of contents with the pages' purposes", () => {
  it("reads it as an index: the purpose after a linked title is the linked page's summary, not the contents page's text", () => {
    // The title page's paragraph, two wrappers deep in the book's block, is the page's own text: the block is no
    // block of the index's links, and the table of contents in it is.
    const purposes = (i: number) => ` — A mechanism to wrap opaque C structures registered by the type system, kind ${i}`;
    expect(parseHtml(docbookContents(purposes)).content).toBe("For GObject 2.74.6.");
  });

  it("keeps entries whose text after the link is no purpose line: no dash, another link, or more than a line", () => {
    const kept = [
      (i: number) => `: a mechanism to wrap opaque C structures, kind ${i}`,
      (i: number) => ` — a mechanism to wrap <a href="boxed.html">opaque structures</a>, kind ${i}`,
      (i: number) => ` — ${"a mechanism to wrap opaque C structures registered by the type system ".repeat(4)}${i}`,
    ];
    for (const purpose of kept) expect(parseHtml(docbookContents(purpose)).content).toContain("Boxed Types 15");
  });
});

/** A back-of-book index under letters, as Exim's spec writes it: a term in `<dt>`, its places linked in `<dd>`. */
function eximIndex(): string {
  const place = (i: number) => `<a href="ch-${i}.html#S${i}" title="${i}. Chapter">Chapter ${i}<small> [Section ${i}]</small></a>`;
  const letter = (l: string, count: number) =>
    `<div class="sectionindex"><h3 class="index">${l}</h3><dl>${Array.from(
      { length: count },
      (_, i) => `<dt>${l.toLowerCase()}term${i} option</dt><dd><p>${place(i)}, ${place(i + 1)}</p></dd>`,
    ).join("\n")}</dl></div>`;
  const nested = `<div class="sectionindex"><h3 class="index">J</h3><dl><dt>JSON</dt><dd><dl><dt>expansions</dt><dd><p>${place(3)}</p></dd>
<dt>iterative conditions</dt><dd><p>${place(4)}</p></dd></dl></dd><dt>journal file</dt><dd><p>${place(5)}</p></dd></dl></div>`;
  // A cross-reference without a link, among a dozen terms with their places.
  const see = `<dt>binary zero</dt><dd><p>see "zero, binary"</p></dd>`;
  return `<html><head><title>63. Concept Index</title></head><body><h1 id="header"><a href="http://www.exim.org">Exim Internet Mailer</a></h1>
<div id="content"><div id="chapter"><h2><a href="ch-concept_index.html">Chapter 63 - Concept Index</a></h2>
${letter("A", 12).replace("</dl>", `${see}</dl>`)}${nested}${letter("K", 2)}</div></div></body></html>`;
}

/** DocBook's index: each term with its places in the `<dt>` (which has an id), sub-entries in a `<dd>`, cross-references. */
function docbookIndex(): string {
  const entry = (i: number) => `<dt id="ientry-${i}">term${i} setting, <a class="indexterm" href="page${i}.html#X">Page ${i} Title</a></dt>`;
  const parent = `<dt id="ientry-p">configuration</dt><dd><dl><dt>of the server, <a class="indexterm" href="runtime.html">Server Configuration</a></dt></dl></dd>`;
  const see = `<dt id="ientry-s">float4 (see <a href="#ientry-3">real</a>)</dt>`;
  const div = (l: string, from: number) =>
    `<div class="indexdiv"><h3>${l}</h3><dl>${Array.from({ length: 8 }, (_, i) => entry(from + i)).join("")}${parent}${see}</dl></div>`;
  return `<html><head><title>Index</title></head><body><div class="index"><div class="titlepage"><h1 class="title">Index</h1></div>
${div("A", 0)}${div("B", 10)}${div("C", 20)}</div></body></html>`;
}

describe("parseHtml: a back-of-book index", () => {
  it("reads Exim's index without its terms and places: terms in <dt>, places in <dd>, sub-entries, a 'see' entry", () => {
    const parsed = parseHtml(eximIndex());
    expect(parsed.title).toBe("63. Concept Index");
    expect(parsed.content).not.toContain("aterm3 option");
    expect(parsed.content).not.toContain("iterative conditions");
    expect(parsed.content).not.toContain("kterm1 option");
    expect(parsed.content).not.toContain("[Section");
    expect(parsed.sections.map((s) => s.headings.at(-1))).toEqual(["Chapter 63 - Concept Index", "A", "J", "K"]);
  });

  it("reads DocBook's index without its entries, which would each head a section (their terms have ids)", () => {
    const parsed = parseHtml(docbookIndex());
    expect(parsed.content).toBe("Index\n\nA\n\nB\n\nC");
    expect(parsed.sections).toHaveLength(4);
  });

  it("reads Sphinx's index of names over lists of their places (CMake's genindex) without its entries", () => {
    const entry = (i: number) =>
      i % 3 === 0
        ? `<li><a href="command/c${i}.html#command:c${i}">c${i}() (command)</a></li>`
        : `<li>\n    name_${i}\n<ul><li><a href="command/n${i}.html#x"><strong>command</strong></a>, <a href="manual/m.html#i${i}">[1]</a>, <a href="release/3.${i}.html#i">[2]</a></li>
<li><a href="variable/V${i}.html#variable:V_<LANG>">variable</a></li></ul></li>`;
    const column = (from: number) => `<td><ul>${Array.from({ length: 12 }, (_, i) => entry(from + i)).join("")}</ul></td>`;
    const page = `<html><head><title>Index — CMake 3.25.1 Documentation</title></head><body><div class="body" role="main">
<h1 id="index">Index</h1><h2 id="A">A</h2><table class="indextable genindextable"><tr>${column(0)}${column(12)}</tr></table></div></body></html>`;
    const parsed = parseHtml(page);
    expect(parsed.content).toBe("Index\n\nA");
    // An index of names with their places in the item itself, as DocBook writes its terms.
    const inItems = Array.from({ length: 25 }, (_, i) => `<li>term${i}, <a href="p${i}.html#x">${i}</a>, <a href="q${i}.html#y">${i + 1}</a></li>`);
    expect(parseHtml(`<main><h1>Index</h1><ul class="index">${inItems.join("")}</ul></main>`).content).toBe("Index");
    // Lists of short lines that end in a link to a whole page are a page's own text, however many: a changelog's
    // fixes with their issues, a function's parameters with their types.
    const fixes = Array.from({ length: 25 }, (_, i) => `<li>Fix crash on empty input ${i}, <a href="issues/${i}">#${i}</a></li>`);
    expect(parseHtml(`<main><h1>Changes</h1><p>Changes in 2.0.</p><ul>${fixes.join("")}</ul></main>`).content).toContain("Fix crash on empty input 24, #24");
    const params = Array.from({ length: 25 }, (_, i) => `<li><b>Parameter ${i}</b>: <a href="types/T${i}.html">T${i}</a></li>`);
    expect(parseHtml(`<main><h1>Function f</h1><ul>${params.join("")}</ul></main>`).content).toContain("Parameter 24: T24");
    // The same names without their places are a page's own list: kept.
    const plain = parseHtml(
      `<main><h1>Names</h1><ul>${Array.from({ length: 30 }, (_, i) => `<li>name_${i}<ul><li>a note on ${i}</li></ul></li>`).join("")}</ul></main>`,
    );
    expect(plain.content).toContain("name_29");
  });

  it("keeps terms that say more after their links: an option's linked type before its default, a release's notes", () => {
    const options = Array.from({ length: 25 }, (_, i) => `<dt><code>option_${i}</code> (<a href="types.html#int">int</a>, default ${i})</dt><dd></dd>`);
    const parsed = parseHtml(`<main><h1>Options</h1><p>All options.</p><dl>${options.join("")}</dl></main>`);
    expect(parsed.content).toContain("option_24 (int, default 24)");
    const releases = Array.from({ length: 25 }, (_, i) => `<dt><a href="release-2.${i}.html">2.${i}</a>: parser ${i}x faster; drops Node ${i}</dt>`);
    expect(parseHtml(`<main><h1>Release history</h1><dl>${releases.join("")}</dl></main>`).content).toContain("2.24: parser 24x faster; drops Node 24");
  });

  it("reads an index of sub-entries nested 400 deep as an index, each definition tallied once", () => {
    // Each definition holds the next level's list: tallied once, not once for every list around it.
    let nested = "";
    for (let i = 0; i < 400; i++)
      nested = `<dl><dt>level ${i}</dt><dd><a href="p${i}.html">Place ${i}</a>${nested}</dd><dt>other ${i}</dt><dd><a href="q.html">Q</a></dd></dl>`;
    const started = performance.now();
    expect(parseHtml(`<main><h1>Index</h1>${nested}</main>`).content).toBe("Index");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("keeps a glossary, whose definitions are text, and a list of terms whose places are a small part of the page", () => {
    const glossary = Array.from({ length: 30 }, (_, i) => `<dt>term${i}</dt><dd>The meaning of term ${i}, in <a href="g${i}.html">a word</a>.</dd>`).join("");
    const parsed = parseHtml(`<main><h1>Glossary</h1><dl>${glossary}</dl></main>`);
    expect(parsed.content).toContain("term29");
    expect(parsed.content).toContain("The meaning of term 29");
    const prose = Array.from({ length: 30 }, (_, i) => `<p>Paragraph ${i} explains how the option works, and when to set it.</p>`).join("\n");
    const places = Array.from({ length: 25 }, (_, i) => `<dt>see${i}</dt><dd><a href="p${i}.html">Place ${i}</a></dd>`).join("");
    const page = parseHtml(`<main><h1>Options</h1>${prose}<h2>Where else</h2><dl>${places}</dl></main>`);
    expect(page.content).toContain("see24");
    expect(page.content).toContain("Place 24");
  });
});

describe("isIndexEntry: an index's names", () => {
  it("takes the terms of a back-of-book index for its entries, and not the definitions that hold their sub-entries", () => {
    const names = ["ALTER TABLE", "ANALYZE", "BEGIN", "CHECKPOINT"];
    const entries = names.map(
      (name, i) => `<dt>${name}, <a href="sql-${i}.html#s${i}">${name}</a></dt><dd><dl><dt>in psql, <a href="app-psql.html#p${i}">psql</a></dt></dl></dd>`,
    );
    const root = htmlTree(`<dl>${entries.join("")}</dl>`);
    expect(isIndexEntry(root.querySelector("dt")!, "dt")).toBe(true);
    expect(isIndexEntry(root.querySelector("dd")!, "dd")).toBe(false);
  });

  it("takes no item outside a list for an entry, though it is written as one", () => {
    const items = `<li>ALTER TABLE, <a href="sql-0.html#s0">1</a></li><li>ANALYZE, <a href="sql-1.html#s1">2</a></li>`;
    expect(isIndexEntry(htmlTree(`<ul>${items}</ul>`).querySelector("li")!, "li")).toBe(true);
    expect(isIndexEntry(htmlTree(`<div>${items}</div>`).querySelector("li")!, "li")).toBe(false);
  });

  it("takes no term of a list of one term for an entry", () => {
    const term = (i: number) => `<dt>ALTER TABLE ${i}, <a href="sql-${i}.html#s${i}">ALTER TABLE</a></dt>`;
    expect(isIndexEntry(htmlTree(`<dl>${term(0)}${term(1)}</dl>`).querySelector("dt")!, "dt")).toBe(true);
    expect(isIndexEntry(htmlTree(`<dl>${term(0)}</dl>`).querySelector("dt")!, "dt")).toBe(false);
  });

  it("takes no term longer than a name for an entry, though its definition holds nothing but its places", () => {
    const entries = (name: (i: number) => string) => [0, 1, 2].map((i) => `<dt>${name(i)}</dt><dd><a href="ch-${i}.html#S${i}">Chapter ${i}</a></dd>`).join("");
    const short = htmlTree(`<dl>${entries((i) => `caseful ${i}`)}</dl>`);
    expect(isIndexEntry(short.querySelector("dt")!, "dt")).toBe(true);
    const sentence = (i: number) =>
      `Option ${i} sets whether the server keeps the case of the local parts of addresses when it compares them with the lists it is given.`;
    const long = htmlTree(`<dl>${entries(sentence)}</dl>`);
    expect(isIndexEntry(long.querySelector("dt")!, "dt")).toBe(false);
  });

  it("takes no term with words between its places for an entry", () => {
    const terms = (between: string) =>
      [0, 1].map((i) => `<dt>ALTER TABLE ${i}, <a href="sql-${i}.html#s">1</a>${between}<a href="app-psql.html#p${i}">2</a></dt>`).join("");
    expect(isIndexEntry(htmlTree(`<dl>${terms(", ")}</dl>`).querySelector("dt")!, "dt")).toBe(true);
    expect(isIndexEntry(htmlTree(`<dl>${terms(" and in psql, ")}</dl>`).querySelector("dt")!, "dt")).toBe(false);
  });
});

describe("parseHtml: indexes of names described by kind and page, and indexes in tables", () => {
  /** gtk-doc's api-index-full.html: its terms stand in a <div>, outside any <dl>, each with an empty definition. */
  function gtkDocIndex(letters: string[]): string {
    const term = (l: string, i: number) =>
      `<dt>\n<a class="link" href="glib-${l}${i}.html#g-${l}${i}" title="g_${l}${i}">g_${l}${i}</a>, function in <a class="link" href="glib-${l}${i}.html" title="Part ${l}${i}">Part ${l}${i}</a>\n</dt>\n<dd></dd>`;
    const groups = letters.map((l) => `<a name="idx${l}"></a><h3 class="title">${l}</h3>\n${Array.from({ length: 12 }, (_, i) => term(l, i)).join("\n")}`);
    return `<html><head><title>Index: GLib Reference Manual</title></head><body><div class="index">
<div class="titlepage"><div><div><h1 class="title"><a name="api-index-full"></a>Index</h1></div></div></div>
${groups.join("\n")}</div></body></html>`;
  }

  it("reads gtk-doc's index without its entries: a linked name, what it is, and the page it is in", () => {
    const parsed = parseHtml(gtkDocIndex(["A", "B"]));
    expect(parsed.content).toBe("Index\n\nA\n\nB");
    // Javadoc writes its index's terms the same way, with a package before the class.
    const javadoc = Array.from(
      { length: 25 },
      (_, i) =>
        `<dt><a href="java/lang/C${i}.html#m${i}()"><span>m${i}()</span></a> - Method in class java.lang.<a href="java/lang/C${i}.html">C${i}</a></dt><dd>&nbsp;</dd>`,
    );
    expect(parseHtml(`<main><h1>Index</h1><h2>M</h2><dl>${javadoc.join("")}</dl></main>`).content).toBe("Index\n\nM");
  });

  it("reads Haddock's index table without its rows: a name, and the modules it is in; a name defined twice over its rows", () => {
    const row = (i: number) =>
      i % 4 === 0
        ? `<tr><td class="src">name${i}</td><td>&nbsp;</td></tr><tr><td class="alt">1 (Function)</td><td class="module"><a href="A-B.html#v:name${i}">A.B</a>, C.D</td></tr><tr><td class="alt">2 (Type/Class)</td><td class="module"><a href="E.html#t:name${i}">E</a></td></tr>`
        : `<tr><td class="src">name${i}</td><td class="module"><a href="A-B.html#v:name${i}">A.B</a>, <a href="A.html#v:name${i}">A</a></td></tr>`;
    const page = `<html><head><title>base-4.15: Basic libraries (Index - N)</title></head><body>
<div id="package-header"><span class="caption">base-4.15: Basic libraries</span><ul class="links" id="page-menu"><li><a href="index.html">Contents</a></li></ul></div><div id="content">
<div id="index"><p class="caption">Index - N</p><table>${Array.from({ length: 24 }, (_, i) => row(i)).join("")}</table></div></div></body></html>`;
    const parsed = parseHtml(page);
    expect(parsed.content).toMatch(/^base-4\.15: Basic libraries/);
    expect(parsed.content).not.toMatch(/name\d|A\.B|Function/);
  });

  it("keeps tables and terms that say more than a name and its places", () => {
    // A reference's table of settings, each with the page that explains it and a sentence of its own.
    const settings = Array.from({ length: 25 }, (_, i) => `<tr><td>setting_${i}</td><td>Turns ${i} on; see <a href="s${i}.html#x">its page</a></td></tr>`);
    expect(parseHtml(`<main><h1>Settings</h1><table>${settings.join("")}</table></main>`).content).toContain("setting_24");
    // Links between names and their pages that say a sentence, not a kind, and a first link to a whole page.
    const terms = (between: string, href: string) =>
      [0, 1, 2].map((i) => `<dt><a href="${href}">f${i}</a>${between}<a href="p${i}.html">Page ${i}</a></dt><dd></dd>`).join("");
    const entry = (html: string) => isIndexEntry(htmlTree(`<dl>${html}</dl>`).querySelector("dt")!, "dt");
    expect(entry(terms(", function in ", "f.html#f"))).toBe(true);
    expect(entry(terms(" is what most programs call before they open ", "f.html#f"))).toBe(false);
    expect(entry(terms(", function in ", "f.html"))).toBe(false);
  });
});
