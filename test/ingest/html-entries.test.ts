import { describe, expect, it } from "vitest";
import { parseHtml } from "../../src/ingest/loaders/index.js";

const paths = (html: string): string[] => parseHtml(html).sections.map((section) => section.headings.join(" › "));

describe("parseHtml: headings inside an entry's own <article> or <section>", () => {
  it("keeps a heading that outranks the one opening its <article> under it (Erlang's 'Types' under each function)", () => {
    const fn = (name: string) => `<article class="func"><h4 id="${name}-1" class="func-head"><span class="title-name">${name}(List) -&gt; List</span></h4>
<div class="REFBODY fun-types"><h3 id="types">Types</h3><div class="REFTYPES">List = [term()]</div></div>
<div class="REFBODY"><p>What ${name} does.</p></div></article>`;
    expect(paths(`<main><h1>lists</h1><h3>Exports</h3><div class="exports-body">${fn("reverse")}${fn("sort")}</div></main>`)).toEqual([
      "lists",
      "lists › Exports",
      "lists › Exports › reverse(List) -> List",
      "lists › Exports › reverse(List) -> List › Types",
      "lists › Exports › sort(List) -> List",
      "lists › Exports › sort(List) -> List › Types",
    ]);
  });

  it("moves every heading after the first that outranks the opener by one shift, so that they stay nested among themselves", () => {
    expect(
      paths(
        `<h1>Product</h1><section><h6>Features</h6><div><h2>Fast</h2><p>It is fast.</p><h3>Benchmarks</h3><p>Numbers.</p><h2>Safe</h2><p>Yes.</p></div></section>`,
      ),
    ).toEqual(["Product", "Product › Features", "Product › Features › Fast", "Product › Features › Fast › Benchmarks", "Product › Features › Safe"]);
    // Inside an entry too: a post's date heads it, and its h2 and h3 nest under the date.
    const post = (date: string, body: string) => `<div class="post"><p><a name="${date.length}">${date}</a></p>${body}</div>`;
    expect(paths(`<main><h1>Weblog</h1>${post("Tuesday, 5 March", "<h2>Moving house</h2><p>Boxes.</p><h3>The van</h3><p>Small.</p>")}</main>`)).toEqual([
      "Weblog",
      "Weblog › Tuesday, 5 March",
      "Weblog › Tuesday, 5 March › Moving house",
      "Weblog › Tuesday, 5 March › Moving house › The van",
    ]);
  });

  it("reads a heading by its tag where the element does not open with a heading, or where the heading is its own child", () => {
    // A date above a post's title: the title is no sub-section of the date.
    expect(paths(`<main><article><p>Posted in May</p><h5>Tuesday</h5><div><h1>Post title</h1><p>Text.</p></div></article></main>`)).toEqual([
      "",
      "Tuesday",
      "Post title",
    ]);
    // An <article> whose headings are its own children keeps their ranks.
    expect(paths(`<main><article><h3>Small</h3><p>One.</p><h2>Big</h2><p>Two.</p></article></main>`)).toEqual(["Small", "Big"]);
    // Equal ranks inside stay siblings.
    expect(paths(`<main><section><h2>One</h2><div><h2>Two</h2><p>Text.</p></div></section></main>`)).toEqual(["One", "Two"]);
  });

  it("keeps a <div>'s deeper headings that outrank the one it opens with under it (gi-docgen's description box), inside the sections around it", () => {
    const box = (id: string, heading: string, body: string) =>
      `<div class="toggle-wrapper"><h4 id="${id}">${heading} <a href="#${id}" class="anchor"></a></h4><div class="docblock">${body}</div></div>`;
    const page = `<title>Gtk.Button</title><section id="main"><header><h3>Class</h3><h1>Gtk.Button</h1></header><section><summary>
${box("description", "Description", "<p>A widget that emits a signal when clicked.</p><h1>CSS nodes</h1><p>A single CSS node.</p><h2>Style classes</h2><p>.flat</p><h1>Accessibility</h1><p>The button role.</p>")}
</summary>${box("constructors", "Constructors", "<h6>gtk_button_new</h6><p>Creates a new button.</p>")}</section></section>`;
    expect(paths(page)).toEqual([
      "Class",
      "Gtk.Button",
      "Gtk.Button › Description",
      "Gtk.Button › Description › CSS nodes",
      "Gtk.Button › Description › CSS nodes › Style classes",
      "Gtk.Button › Description › Accessibility",
      "Gtk.Button › Constructors",
      "Gtk.Button › Constructors › gtk_button_new",
    ]);
    // Headings that are the <div>'s own children keep their ranks, as an <article>'s do.
    expect(paths(`<main><div><h3>Small</h3><p>One.</p><h2>Big</h2><p>Two.</p></div></main>`)).toEqual(["Small", "Big"]);
  });

  it("heads each of a one-page DocBook book's reference entries with its name line, its Synopsis and Description under it", () => {
    const entry = (name: string) =>
      `<div class="refentry"><a name="${name}"></a><div class="titlepage"></div><div class="refnamediv"><h2>Name</h2><p>${name} — Computes a geometry. </p></div>
<div class="refsynopsisdiv"><h2>Synopsis</h2><p>geometry ${name}(geometry g1);</p></div><div class="refsection"><a name="d-${name}"></a><h2>Description</h2><p>What ${name} does.</p></div></div>`;
    const book = (entries: string) =>
      `<html><head><title>PostGIS Manual</title></head><body><div class="chapter"><div class="titlepage"><h1 class="title">Chapter 8. Reference</h1></div>
<div class="sect1"><div class="titlepage"><h2 class="title">8.14. Geometry Processing</h2></div>${entries}</div></div></body></html>`;
    expect(paths(book(entry("ST_Buffer") + entry("ST_Union")))).toEqual([
      "Chapter 8. Reference",
      "Chapter 8. Reference › 8.14. Geometry Processing",
      "Chapter 8. Reference › 8.14. Geometry Processing › ST_Buffer — Computes a geometry.",
      "Chapter 8. Reference › 8.14. Geometry Processing › ST_Buffer — Computes a geometry. › Synopsis",
      "Chapter 8. Reference › 8.14. Geometry Processing › ST_Buffer — Computes a geometry. › Description",
      "Chapter 8. Reference › 8.14. Geometry Processing",
      "Chapter 8. Reference › 8.14. Geometry Processing › ST_Union — Computes a geometry.",
      "Chapter 8. Reference › 8.14. Geometry Processing › ST_Union — Computes a geometry. › Synopsis",
      "Chapter 8. Reference › 8.14. Geometry Processing › ST_Union — Computes a geometry. › Description",
    ]);
    // A page of one entry (DocBook's chunked pages) is titled by it, and its "Name" stays a heading of the page.
    expect(paths(`<html><head><title>ST_Buffer</title></head><body>${entry("ST_Buffer")}</body></html>`)).toEqual(["Name", "Synopsis", "Description"]);
  });

  it("reads a heading after an <article> ends by its tag, not as a sub-section of the article's opener", () => {
    expect(paths(`<main><h1>lists</h1><article><h4>reverse(List)</h4><p>Reverses.</p></article><div><h3>Types</h3><p>t()</p></div></main>`)).toEqual([
      "lists",
      "lists › reverse(List)",
      "lists › Types",
    ]);
  });
});

describe("parseHtml: an entry's <div> headed by the name it opens with", () => {
  const entry = (kind: string, name: string, rest: string) =>
    `<div class="top"><p class="src"><span class="keyword">${kind}</span> <a id="t:${name}" class="def">${name}</a> a <a href="src/M.html#${name}" class="link">Source</a> <a href="#t:${name}" class="selflink">#</a></p>${rest}</div>`;

  it("heads each of Haddock's entries with its signature, without its 'Source' link, and keeps its 'Instances' under it", () => {
    const parsed = parseHtml(`<main><h1>Core types</h1>
${entry("data", "Parser", `<div class="doc"><p>A JSON parser.</p></div><div class="subs instances"><h4 class="instances">Instances</h4><table><tr><td>Monad Parser</td></tr></table></div>`)}
${entry("newtype", "Result", `<div class="doc"><p>The result of running a parser.</p></div>`)}
<p>Text after the entries.</p></main>`);
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual([
      "Core types",
      "Core types › data Parser a",
      "Core types › data Parser a › Instances",
      "Core types › newtype Result a",
      "Core types",
    ]);
    expect(parsed.content).not.toContain("Source");
    expect(parsed.content).toContain("Text after the entries.");
  });

  it("reads Haddock's instance table without each signature's 'Source' link and each disclosure's 'Instance details'", () => {
    const row = (cls: string, method: string) =>
      `<tr><td class="src clearfix"><span class="inst-left"><span class="instance details-toggle-control details-toggle" data-details-id="i:${cls}"></span> <a href="Control-Monad-Fail.html#t:${cls}" title="Control.Monad.Fail">${cls}</a> <a href="Data-Maybe.html#t:Maybe" title="Data.Maybe">Maybe</a></span> <a href="src/Control-Monad-Fail.html#line-12" class="link">Source</a> <a href="#t:${cls}" class="selflink">#</a></td><td class="doc"><p><em>Since: base-4.9.0.0</em></p></td></tr>
<tr><td colspan="2"><details id="i:id:Maybe:${cls}:1"><summary class="hide-when-js-enabled">Instance details</summary><p>Defined in <a href="Control-Monad-Fail.html">Control.Monad.Fail</a></p><div class="table"><table><tr><td class="src"><a href="#v:${method}">${method}</a> :: String -&gt; Maybe a <a href="src/Control-Monad-Fail.html#${method}" class="link">Source</a> <a href="#v:${method}" class="selflink">#</a></td></tr></table></div></details></td></tr>`;
    const parsed = parseHtml(
      `<main><h1>Data.Maybe</h1><div class="subs instances"><h4 class="instances">Instances</h4><details id="i:Maybe" open="open"><summary class="hide-when-js-enabled">Instances details</summary><table>${row("MonadFail", "fail")}${row("MonadFix", "mfix")}</table></details></div></main>`,
    );
    expect(parsed.content).toContain("fail :: String -> Maybe a");
    expect(parsed.content).toContain("Defined in Control.Monad.Fail");
    for (const gone of ["Source", "Instance details", "Instances details"]) expect(parsed.content).not.toContain(gone);
    // A "Source" link in a sentence is its words: nothing but links follows it there.
    expect(parseHtml(`<main><h1>Guide</h1><p>Read the <a href="src/Main.html">Source</a> of the program first.</p></main>`).content).toContain(
      "Read the Source of the program first.",
    );
  });

  it("leaves a div alone whose first paragraph is a sentence, a link, an empty anchor, or all there is", () => {
    const sentence = `<main><h2>Guide</h2><div><p><a id="x">Parsers</a> turn text into values.</p><p>More.</p></div></main>`;
    const link = `<main><h2>Guide</h2><div><p><a id="back" href="index.html">Back to the index</a></p><h3>Part</h3><p>More.</p></div></main>`;
    const empty = `<main><h2>Guide</h2><div><p><a name="top"></a>Top of the page</p><p>More.</p></div></main>`;
    const alone = `<main><h2>Guide</h2><div><p><a id="v:f" class="def">f</a> :: Int</p></div></main>`;
    expect(paths(sentence)).toEqual(["Guide"]);
    expect(paths(link)).toEqual(["Guide", "Guide › Part"]);
    expect(paths(empty)).toEqual(["Guide"]);
    expect(paths(alone)).toEqual(["Guide"]);
    // Several such paragraphs in one div are its list of questions or footnotes, none of them its head.
    const faq = `<main><h1>FAQ</h1><div class="faq"><p><a name="win">Installing on Windows</a></p><p>Run the installer.</p>
<p><a name="mac">Installing on macOS</a></p><p>Use Homebrew.</p></div></main>`;
    expect(paths(faq)).toEqual(["FAQ"]);
  });

  it("keeps a heading's last word that links, unless a same-site 'Source' link sits before a self-link", () => {
    const headings = `<main><h1>Foo manual</h1><h2>Installing from <a href="https://github.com/foo/foo">source</a></h2><p>Clone.</p>
<h2>Building the <a href="src/">Source</a></h2><p>Make.</p><h2>Open <a href="https://example.org/">Source</a> <a href="#l">#</a></h2><p>Y.</p></main>`;
    expect(paths(headings)).toEqual(["Foo manual", "Foo manual › Installing from source", "Foo manual › Building the Source", "Foo manual › Open Source"]);
  });
});

describe("parseHtml: terms that open with a named anchor, and ocamldoc's <h7>", () => {
  it("heads each Postfix parameter, whose term opens with an <a name> inside its <b>, but not a term that opens with a link", () => {
    const term = (name: string, value: string) => `<DT><b><a name="${name}">${name}</a>\n(default: ${value})</b></DT><DD><p> What ${name} sets. </p></DD>`;
    const parsed =
      parseHtml(`<main><h2>Postfix main.cf file format</h2><dl>${term("2bounce_notice_recipient", "postmaster")}${term("access_map_defer_code", "450")}</dl>
<dl><dt><a href="other.html">Other page</a></dt><dd>A link, not a target.</dd><dt><a name="x"></a>Anchored term</dt><dd>Its text.</dd></dl></main>`);
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual([
      "Postfix main.cf file format",
      "Postfix main.cf file format › 2bounce_notice_recipient (default: postmaster)",
      "Postfix main.cf file format › access_map_defer_code (default: 450)",
      "Postfix main.cf file format",
      "Postfix main.cf file format › Anchored term",
    ]);
  });

  it("reads ocamldoc's non-standard <h7> as the deepest heading", () => {
    expect(paths(`<main><h1>BatList</h1><h7 id="6_Baseoperations">Base operations</h7><p>Text.</p></main>`)).toEqual(["BatList", "BatList › Base operations"]);
  });
});

describe("parseHtml: formulas", () => {
  it("reads KaTeX's formula as its TeX once, not its MathML's tokens run together beside it", () => {
    const katex = `<span class="katex"><span class="katex-mathml"><math><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mi>y</mi></mrow>
<annotation encoding="application/x-tex">x^2 + y</annotation></semantics></math></span><span class="katex-html" aria-hidden="true"><span class="mord">x</span><span class="msupsub">2</span></span></span>`;
    expect(parseHtml(`<main><p>The loss is ${katex} here.</p></main>`).content).toBe("The loss is x^2 + y here.");
    // MathML without TeX reads as its text, as before.
    expect(parseHtml(`<main><p>Area <math><mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></math> of a circle.</p></main>`).content).toBe("Area πr2 of a circle.");
  });

  it("reads an image of a formula as the TeX in its alt text, and leaves other images out", () => {
    const page = `<main><p>Sum <img class="mwe-math-fallback-image-inline" alt="{\\displaystyle \\sum _{i}x_{i}}" src="a.svg"> and
<img alt="$\\int_0^1 f$" src="b.png"> done. <img alt="logo" src="logo.png"><img alt="cost $5 or $6" src="c.png"></p></main>`;
    expect(parseHtml(page).content).toBe("Sum \\sum _{i}x_{i} and $\\int_0^1 f$ done.");
  });

  it("leaves out a formula image hidden by its style or attribute, not one hidden from screen readers only", () => {
    const page = `<main><p>Visible <math><semantics><mi>y</mi><annotation encoding="application/x-tex">y</annotation></semantics></math><img alt="$y$" src="y.png" style="display:none">
and <img alt="$z$" src="z.png" hidden> and <img alt="{\\textstyle x^2}" aria-hidden="true" src="a.svg">.</p></main>`;
    expect(parseHtml(page).content).toBe("Visible y and and x^2 .");
  });
});

describe("parseHtml: JSDoc's page heading outside its <article>, and a site's name before the title", () => {
  it("reads the <h1> that stands beside the page's lone <article>, and titles the page by it without 'JSDoc: '", () => {
    const parsed = parseHtml(`<html><head><title>JSDoc: Module: util/markdown</title></head><body><div id="main">
<h1 class="page-title">Module: util/markdown</h1><section><header></header><article><div class="description">Markdown helpers.</div>
<h3 class="subsection-title">Methods</h3><h4 class="name" id="getParser">getParser()</h4><p>Returns the parser.</p></article></section></div>
<nav><h2><a href="index.html">Home</a></h2><h3>Modules</h3><ul><li><a href="module-util_markdown.html">util/markdown</a></li></ul></nav></body></html>`);
    expect(parsed.title).toBe("Module: util/markdown");
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual([
      "Module: util/markdown",
      "Module: util/markdown › Methods",
      "Module: util/markdown › Methods › getParser()",
    ]);
    expect(parsed.content).not.toContain("Home");
  });

  it("keeps a title whose start is no site's name before a separator", () => {
    expect(parseHtml(`<title>Using the Module: util</title><main><h1>Module: util</h1><p>Text.</p></main>`).title).toBe("Using the Module: util");
    expect(parseHtml(`<title>Erlang -- lists</title><main><h1>lists</h1><p>Text.</p></main>`).title).toBe("lists");
    expect(parseHtml(`<title>Erlang -- erl</title><main><h1>erl</h1><p>Text.</p></main>`).title).toBe("erl");
    expect(parseHtml(`<title>Erlang -- erlang</title><main><h1>erlang</h1><p>Text.</p></main>`).title).toBe("erlang");
    expect(parseHtml(`<title>std::vector</title><main><h1>vector</h1><p>Text.</p></main>`).title).toBe("std::vector");
  });

  it("takes a chapter's numbered <h1> for a title that says the site, a separator and the chapter's name", () => {
    expect(parseHtml(`<title>Erlang -- Drivers</title><main><h1>10 Drivers</h1><p>Text.</p></main>`).title).toBe("10 Drivers");
    expect(parseHtml(`<title>Erlang -- Drivers</title><main><h1>10.2 Drivers</h1><p>Text.</p></main>`).title).toBe("10.2 Drivers");
    // The name must follow the number whole: "10 Old Drivers" is another chapter's.
    expect(parseHtml(`<title>Erlang -- Drivers</title><main><h1>10 Old Drivers</h1><p>Text.</p></main>`).title).toBe("Erlang -- Drivers");
  });

  it("titles a page whose <title> is a site's name and a separator alone by its heading", () => {
    const page = (title: string) => `<title>${title}</title><main><h1>Kernel Release Notes</h1><p>Version 8.5.3</p></main>`;
    expect(parseHtml(page("Erlang -- ")).title).toBe("Kernel Release Notes");
    expect(parseHtml(page("Erlang |")).title).toBe("Kernel Release Notes");
    // A name that ends in marks of its own is a name.
    expect(parseHtml(page("C--")).title).toBe("C--");
  });

  it("leaves out a bar's copy of the page's <h1> that the text says again below it", () => {
    const page = (bar: string) =>
      `<html><head><title>Erlang -- Drivers</title></head><body><div class="${bar}"><div class="topbar-title"><h1 id="Drivers">10
      Drivers</h1></div></div><aside id="leftnav"><h3>Chapters</h3><ul><li><a href="a.html">Introduction</a></li><li><a href="b.html">Drivers</a></li></ul></aside>
<div id="content"><h1 id="Drivers">10 Drivers</h1><p>This section is an overview of drivers.</p><h3>10.1 Concurrency</h3><p>A lock is taken.</p></div></body></html>`;
    const parsed = parseHtml(page("topbar"));
    expect(parsed.content).toBe("10 Drivers\n\nThis section is an overview of drivers.\n\n10.1 Concurrency\n\nA lock is taken.");
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual(["10 Drivers", "10 Drivers › 10.1 Concurrency"]);
    // Only a block that its name calls chrome: a plain one holding the first of two like headings is read.
    const plain = parseHtml(`<title>Erlang -- Drivers</title><div class="intro"><h1>Drivers</h1><p>Drivers in brief.</p></div>
<div id="content"><h1>Drivers</h1><p>This section is an overview of drivers.</p></div>`);
    expect(plain.content).toBe("Drivers\n\nDrivers in brief.\n\nDrivers\n\nThis section is an overview of drivers.");
  });

  it("leaves a blog's logo <h1> and its bar of links out of the lone <article> read as the page", () => {
    const blog = parseHtml(`<html><head><title>Install guide</title></head><body><div class="wrap"><h1 class="logo">Acme</h1>
<div class="bar"><a href="/">Home</a> | <a href="/docs">Docs</a> | <a href="/blog">Blog</a></div>
<article><h2>Install guide</h2><p>Run the installer, then restart.</p></article></div></body></html>`);
    expect(blog.content).toBe("Install guide\n\nRun the installer, then restart.");
  });
});

describe("parseHtml: badges", () => {
  it("sets a badge apart from the name beside it (TypeDoc's 'Readonly'), not a word's styled part", () => {
    expect(paths(`<main><h1>Interface Reranker</h1><h3 id="id"><code class="tsd-tag">Readonly</code><span>id</span></h3><p>Its id.</p></main>`)).toEqual([
      "Interface Reranker",
      "Interface Reranker › Readonly id",
    ]);
    expect(parseHtml(`<main><p>Version 2<span class="badge">new</span>and <b>bold</b>er.</p></main>`).content).toBe("Version 2 new and bolder.");
    // Doxygen's member labels after a class's name ("abstract", "final").
    const tracker = `<main><h1>cv::Tracker Class Reference<span class="mlabels"><span class="mlabel">abstract</span></span></h1><p>A tracker.</p></main>`;
    expect(paths(tracker)).toEqual(["cv::Tracker Class Reference abstract"]);
  });
});

describe("parseHtml: a manual page without a title", () => {
  it("titles a pod2html page whose <title> is empty by its NAME line, not by 'NAME'", () => {
    const page = (title: string) =>
      `<html><head><title>${title}</title></head><body><h1 id="NAME">NAME</h1><p>Data::Dumper - stringified perl data structures</p><h1 id="SYNOPSIS">SYNOPSIS</h1><pre>use Data::Dumper;</pre></body></html>`;
    expect(parseHtml(page("")).title).toBe("Data::Dumper - stringified perl data structures");
    expect(parseHtml(page("Dumper - a dumper")).title).toBe("Dumper - a dumper");
  });
});

describe("parseHtml: an index of the page's members", () => {
  it("leaves out TypeDoc's collapsible index of links to the page's members, not a details block of text", () => {
    const member = (name: string) =>
      `<section class="tsd-panel tsd-member"><h3 class="tsd-anchor-link" id="${name}"><span>${name}</span></h3><p>What ${name} is.</p></section>`;
    const parsed = parseHtml(`<html><body><main><h1>Interface Reranker</h1><p>Scores documents.</p>
<details class="tsd-index-content" open><summary><h5>Index</h5></summary><section class="tsd-index-section"><h3>Properties</h3>
<div class="tsd-index-list"><a href="#id"><span>id</span></a> <a href="#maxConcurrency"><span>maxConcurrency</span></a> <a href="#rerank"><span>rerank</span></a></div></section></details>
<section><h2>Properties</h2>${member("id")}${member("maxConcurrency")}</section><section><h2>Methods</h2>${member("rerank")}</section>
<details><summary>Notes</summary><p>See <a href="#id">id</a>, <a href="#rerank">rerank</a> and <a href="#maxConcurrency">maxConcurrency</a> first.</p></details></main></body></html>`);
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual([
      "Interface Reranker",
      "Interface Reranker › Properties",
      "Interface Reranker › Properties › id",
      "Interface Reranker › Properties › maxConcurrency",
      "Interface Reranker › Methods",
      "Interface Reranker › Methods › rerank",
    ]);
    expect(parsed.content).toContain("Notes\n\nSee id, rerank and maxConcurrency first.");
    expect(parsed.content).not.toContain("Index");
  });

  it("heads an entry by the id of its group in the list (Nim) or by an anchor after a bracketed label (SWI-Prolog)", () => {
    const nim = parseHtml(`<main><h2>Procs</h2><dl class="item">
<div id="addFirst,Deque[T],sinkT"><dt><pre>proc addFirst[T](deq: var Deque[T]; item: sink T)</pre></dt><dd><p>Adds an item to the beginning.</p></dd></div>
<div id="addLast,Deque[T],sinkT"><dt><pre>proc addLast[T](deq: var Deque[T]; item: sink T)</pre></dt><dd><p>Adds an item to the end.</p></dd></div></dl></main>`);
    expect(nim.sections.map((s) => s.headings.at(-1))).toEqual([
      "Procs",
      "proc addFirst[T](deq: var Deque[T]; item: sink T)",
      "proc addLast[T](deq: var Deque[T]; item: sink T)",
    ]);
    const swi = parseHtml(`<main><h2>library(lists)</h2><dl>
<dt class="pubdef"><span class="pred-tag">[semidet]</span><a id="selectchk/3"><strong>selectchk</strong>(+Elem, +List, -Rest)</a></dt><dd>Removes the first element that unifies.</dd>
<dt class="pubdef"><span class="pred-tag">[det]</span><a id="subtract/3"><strong>subtract</strong>(+Set, +Delete, -Result)</a></dt><dd>Deletes all elements of Delete.</dd></dl></main>`);
    expect(swi.sections.filter((s) => s.headings.length === 2)).toHaveLength(2);
    // A bracketed word that is the term itself, with no anchor after it, heads nothing.
    const plain = parseHtml(`<main><h2>Flags</h2><dl><dt><span>[x]</span><b>checked</b></dt><dd>A ticked box.</dd></dl></main>`);
    expect(plain.sections.map((s) => s.headings)).toEqual([["Flags"]]);
  });

  it("heads nothing by a footnote's mark set as a heading over its note (texinfo's <h5>(23)</h5>), and keeps the mark as text", () => {
    const notes = parseHtml(`<main><h2>Appendix F References</h2><p>Books.</p><div class="footnote"><h4 class="footnotes-heading">Footnotes</h4>
<h5><a id="FOOT23" href="#DOCF23">(23)</a></h5><p>So it is hidden under UNIX.</p><h5><a id="FOOT24" href="#DOCF24">[24]</a></h5><p>Or not.</p></div></main>`);
    expect(notes.sections.map((s) => s.headings.at(-1))).toEqual(["Appendix F References", "Footnotes"]);
    expect(notes.content).toContain("(23)\n\nSo it is hidden under UNIX.");
  });

  it("heads nothing by docutils' footnote labels, whose brackets the style sheet draws, nor by a contents heading over the chapters", () => {
    const policy = parseHtml(`<main><h1>3. Binary packages</h1><p>Text.<a class="footnote-reference brackets" href="#id6">1</a></p>
<dl class="footnote brackets"><dt class="label" id="id6"><span class="brackets"><a class="fn-backref" href="#id1">1</a></span></dt><dd><p>A sample implementation.</p></dd>
<dt class="label" id="id7"><span class="brackets">2</span></dt><dd><p>The procedure.</p></dd></dl></main>`);
    expect(policy.sections.map((s) => s.headings)).toEqual([["3. Binary packages"]]);
    expect(policy.content).toContain("1\n\nA sample implementation.");
    // With back-references to where it is cited ("1(1,2)"), and a citation's label (scikit-image's, CMake's).
    const cited = parseHtml(`<main><h1>Thresholding</h1><p>Text.</p>
<dl class="footnote brackets"><dt class="label" id="id3"><span class="brackets">1</span><span class="fn-backref">(<a href="#id1">1</a>,<a href="#id2">2</a>)</span></dt><dd><p>One MiB.</p></dd></dl>
<dl class="citation"><dt class="label" id="r1"><span class="brackets">R1</span></dt><dd><p>Otsu, 1979.</p></dd></dl></main>`);
    expect(new Set(cited.sections.map((s) => s.headings.join(" › ")))).toEqual(new Set(["Thresholding"]));
    expect(cited.content).toContain("Otsu, 1979.");
    // SWI-Prolog's package manuals keep the heading of a table of contents they list nothing under.
    const swi = parseHtml(`<body><h1 class="title">SWI-Prolog ODBC Interface</h1><p>Abstract.</p><h1><a id="document-contents">Table of Contents</a></h1>
<h2>1 Introduction</h2><p>ODBC is a standard.</p><h2>2 The ODBC layer</h2><p>Layers.</p></body>`);
    expect(swi.sections.map((s) => s.headings)).toEqual([["SWI-Prolog ODBC Interface"], ["1 Introduction"], ["2 The ODBC layer"]]);
    // It ends the section before it, as a heading of its level does: Git's "Emacs" is no part of its "Summary".
    const git = parseHtml(`<main><h1>Tools for developing Git</h1><h2>Summary</h2><p>Tools.</p><h2>Table of contents</h2>
<h3>Emacs</h3><p>An editor.</p><h3>Contents</h3><p>A section of that name.</p></main>`);
    expect(git.sections.map((s) => s.headings.at(-1))).toEqual(["Tools for developing Git", "Summary", "Emacs", "Contents"]);
    expect(git.sections[2]!.headings).toEqual(["Tools for developing Git", "Emacs"]);
  });

  it("reads texinfo's further forms of a definition (@deffnx) as its entry's, though each has an id, without the empty category's ': '", () => {
    const octave = parseHtml(`<main><h3>36.8 Current Working Directory</h3><dl class="def">
<dt id="index-cd-2"><span class="category">: </span><span><strong>cd</strong> <em><var>dir</var></em></span></dt>
<dt id="index-cd-3"><span class="category">: </span><span><strong>cd</strong></span></dt>
<dt id="index-chdir"><span class="category">: </span><span><strong>chdir</strong> <em>…</em></span></dt>
<dd><p>Change the current working directory to dir.</p></dd></dl>
<dl class="def"><dt id="index-ls"><span class="category">: </span><span><strong>ls</strong></span></dt><dd><p>List directory contents.</p></dd></dl></main>`);
    expect(octave.sections.map((s) => s.headings.at(-1))).toEqual(["36.8 Current Working Directory", "cd dir", "ls"]);
    expect(octave.content).toContain("cd\n: chdir …\n\nChange the current working directory to dir.");
  });

  it("heads each term of a list where some terms are anchored (texinfo's tables), a term's other form staying its entry's", () => {
    // zsh's builtins: texinfo gives an id only to the terms an index entry points at.
    const zsh = parseHtml(`<main><h2>17 Shell Builtin Commands</h2><p>Some commands are builtins.</p><dl compact="compact">
<dt><span><tt>alias</tt> [ <var>name</var> ]</span></dt><dd><p>Makes an alias.</p></dd>
<dt id="index-fpath"><span><tt>autoload</tt> [ <var>name</var> ... ]</span></dt><dd><p>Loads functions lazily.</p></dd>
<dt><span><tt>bg</tt> [ <var>job</var> ... ]</span></dt>
<dt><span><var>job</var> ... <tt>&amp;</tt></span></dt><dd><p>Puts each job in the background.</p></dd></dl></main>`);
    expect(zsh.sections.map((s) => s.headings.at(-1))).toEqual(["17 Shell Builtin Commands", "alias [ name ]", "autoload [ name ... ]", "bg [ job ... ]"]);
    expect(zsh.content).toContain("bg [ job ... ]\n\njob ... &\n\nPuts each job in the background.");
    // A list with no anchored term is a list, not entries.
    const plain = parseHtml(`<main><h2>Terms</h2><dl><dt>shell</dt><dd>A command interpreter.</dd><dt>job</dt><dd>A pipeline.</dd></dl></main>`);
    expect(plain.sections.map((s) => s.headings)).toEqual([["Terms"]]);
  });

  it("drops pager bars whose links carry arrows or name the book's top and contents, and a converter's credit", () => {
    const racket =
      parseHtml(`<html><body><div class="navsettop"><span class="navright"><a href="a.html">&larr; prev</a>&nbsp;&nbsp;<a href="index.html">up</a>&nbsp;&nbsp;<a href="b.html">next &rarr;</a></span></div>
<h1>Pairs and Lists</h1><p>A pair combines exactly two values.</p></body></html>`);
    expect(racket.content).toBe("Pairs and Lists\n\nA pair combines exactly two values.");
    const gap =
      parseHtml(`<html><body><div class="chlinktop"><a href="chap0.html">[Top of Book]</a> <a href="chap0.html#contents">[Contents]</a> <a href="chap1.html">[Previous Chapter]</a> <a href="chap3.html">[Next Chapter]</a></div>
<h3>2 The Help System</h3><p>This chapter describes the help system.</p>
<hr><blockquote class="quote"><em>This document was translated from L<sup>A</sup>T<sub>E</sub>X by <a href="http://hevea.inria.fr/">H<span>E</span>V<span>E</span>A</a>.</em></blockquote></body></html>`);
    expect(gap.content).toBe("2 The Help System\n\nThis chapter describes the help system.");
    // Exim's pager links stand loose in the page, each marked by its class.
    const exim =
      parseHtml(`<html><body><h1>Address rewriting</h1><a class="previous_page" href="ch30.html">&lt;-previous</a><a class="next_page" href="ch32.html">next-&gt;</a>
<p>Rewriting happens on input.</p></body></html>`);
    expect(exim.content).toBe("Address rewriting\n\nRewriting happens on input.");
    const eximEnd = parseHtml(
      `<html><body><h1>Address rewriting</h1><p>Rewriting happens on input.</p><p><a class="toc_page" href="index.html">Table of Contents</a></p></body></html>`,
    );
    expect(eximEnd.content).toBe("Address rewriting\n\nRewriting happens on input.");
    // A translator's credit is the page's, not a generator's.
    const translated = parseHtml(
      `<main><h1>Chapter 2</h1><p>Body text.</p><p>Translated from <a href="orig.html">the German original</a> by Anna Schmidt.</p></main>`,
    );
    expect(translated.content).toContain("Translated from the German original by Anna Schmidt.");
    // Links that name a place in the text, not a direction, stay.
    const prose = parseHtml(
      `<main><h1>Next steps</h1><p>Read <a href="a.html">the next chapter</a> and <a href="b.html">the index of functions</a>.</p></main>`,
    );
    expect(prose.content).toContain("the next chapter");
    const classed = parseHtml(`<main><h1>Steps</h1><p>Then read <a class="next-link" href="b.html">the next chapter</a>.</p></main>`);
    expect(classed.content).toContain("the next chapter");
  });
});

describe("parseHtml: an entry whose parts follow its list (kernel-doc)", () => {
  const fn = (name: string) => `<dl class="c function"><dt class="sig sig-object c" id="c.${name}"><span class="sig-name">${name}</span>(struct fprobe *fp)</dt>
<dd><p>Summary of ${name}.</p></dd></dl>
<p><strong>Parameters</strong></p>
<dl class="simple"><dt><code>struct fprobe *fp</code></dt><dd><p>The fprobe for ${name}.</p></dd></dl>
<p><strong>Description</strong></p>
<p>What ${name} does in full.</p>`;
  /** The heading path of the section holding `text`, on a page whose "Functions" section holds `body`. */
  const pathOf = (body: string) => {
    const parsed = parseHtml(`<main><h1>Fprobe</h1><div class="section"><h2>Functions</h2><p>The API.</p>${body}</div><p>After the section.</p></main>`);
    return (text: string) => parsed.sections.find((section) => parsed.content.slice(section.start, section.end).includes(text))?.headings.join(" › ");
  };

  it("files a function's parameters and description under the function, up to the next entry or its list's parent's end", () => {
    const under = pathOf(`${fn("disable_fprobe")}${fn("enable_fprobe")}`);
    expect(under("What disable_fprobe does in full.")).toBe("Fprobe › Functions › disable_fprobe(struct fprobe *fp)");
    // The next function is the first's sibling, not its child.
    expect(under("The fprobe for enable_fprobe.")).toBe("Fprobe › Functions › enable_fprobe(struct fprobe *fp)");
    expect(under("What enable_fprobe does in full.")).toBe("Fprobe › Functions › enable_fprobe(struct fprobe *fp)");
    expect(under("After the section.")).toBe("Fprobe › Functions");
  });

  it("returns to the section after an entry whose list is followed by ordinary text (Sphinx's API entries)", () => {
    const under = pathOf(`<dl class="py function"><dt id="json.dumps">json.dumps(obj)</dt><dd><p>Serialize obj.</p></dd></dl>
<p>More about <strong>the module</strong>.</p><dl class="py function"><dt id="json.loads">json.loads(s)</dt><dd><p>Parse s.</p></dd></dl><p><strong>Note.</strong></p>`);
    expect(under("Serialize obj.")).toBe("Fprobe › Functions › json.dumps(obj)");
    expect(under("More about the module.")).toBe("Fprobe › Functions");
    expect(under("Note.")).toBe("Fprobe › Functions");
  });

  it("ends the entry at a heading after its parts: the text after its list's parent stays under that heading", () => {
    const under = pathOf(`${fn("disable_fprobe")}<h3>Examples</h3><p>An example.</p>`);
    expect(under("An example.")).toBe("Fprobe › Functions › Examples");
    expect(under("After the section.")).toBe("Fprobe › Functions › Examples");
  });
});

describe("parseHtml: a callout box that opens with a heading", () => {
  const page = (box: string) => parseHtml(`<main><h1>Install</h1><h2>Requirements</h2><p>Go 1.21.</p>${box}<p>The port is 8080.</p></main>`);
  const under = (parsed: ReturnType<typeof parseHtml>, text: string) =>
    parsed.sections.find((section) => parsed.content.slice(section.start, section.end).includes(text))?.headings.join(" › ");

  it("heads the box alone and gives the text after it back to its section (Docsy's alert)", () => {
    const parsed = page(`<div class="alert alert-primary" role="alert"><h4 class="alert-heading">Note</h4>Set <code>GOPATH</code> first.</div>`);
    expect(under(parsed, "Set GOPATH first.")).toBe("Install › Requirements › Note");
    expect(under(parsed, "The port is 8080.")).toBe("Install › Requirements");
  });

  it("reads DocBook's admonitions and the Apache manual's boxes as callouts", () => {
    for (const [box, heading] of [
      [`<div class="note" style="margin-left: 0.5in"><h3 class="title">Note</h3><p>Set <code>GOPATH</code> first.</p></div>`, "Note"],
      [`<div class="tip"><h3 class="title">Tip</h3><p>Set <code>GOPATH</code> first.</p></div>`, "Tip"],
      [`<div class="example"><h3>Example</h3><p>Set <code>GOPATH</code> first.</p></div>`, "Example"],
      [`<div class="warning"><h3>Security</h3><p>Set <code>GOPATH</code> first.</p></div>`, "Security"],
    ]) {
      const parsed = page(box!);
      expect(under(parsed, "Set GOPATH first."), box).toBe(`Install › Requirements › ${heading}`);
      expect(under(parsed, "The port is 8080."), box).toBe("Install › Requirements");
    }
  });

  it("does not title the page by a box's heading that comes before the page's own (a version warning)", () => {
    const parsed = parseHtml(`<main><div class="alert" role="alert"><h4>Warning</h4>This is an old version.</div><h1>Install</h1><p>Run it.</p></main>`);
    expect(parsed.title).toBe("Install");
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual(["Warning", "Install"]);
  });

  it("leaves a heading that opens a plain div, or a box with nothing after its heading, to head what follows", () => {
    expect(under(page(`<div class="panel"><h4>Note</h4>Set <code>GOPATH</code> first.</div>`), "The port is 8080.")).toBe("Install › Requirements › Note");
    expect(under(page(`<div role="note"><h4>Ports</h4></div>`), "The port is 8080.")).toBe("Install › Requirements › Ports");
  });
});
