import { describe, expect, it } from "vitest";
import { chunkDocument } from "../../src/ingest/chunking/index.js";
import { parseHtml, type ParsedHtml } from "../../src/ingest/loaders/index.js";
import { quickly } from "../support/timing.js";

/** Each section starts with its own heading and its offsets lie in the content, in order. */
function expectExactSections(parsed: ParsedHtml): void {
  let position = 0;
  for (const section of parsed.sections) {
    expect(section.start).toBeGreaterThanOrEqual(position);
    expect(section.end).toBeLessThanOrEqual(parsed.content.length);
    if (section.headings.length > 0) expect(parsed.content.slice(section.start, section.end).startsWith(section.headings.at(-1)!)).toBe(true);
    position = section.end;
  }
}

function expectAbsent(content: string, junk: string[]): void {
  for (const text of junk) expect(content, `"${text}" should be gone`).not.toContain(text);
}

const SPHINX = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>json — JSON encoder and decoder — Python 3.11 documentation</title>
<script>var DOCUMENTATION_OPTIONS = {};</script></head><body>
<div class="related"><h3>Navigation</h3><ul>
  <li class="right"><a href="genindex.html">index</a></li><li class="right"><a href="py-modindex.html">modules</a> |</li>
  <li class="right"><a href="next.html">next</a> |</li><li class="right"><a href="prev.html">previous</a> |</li>
  <li><a href="index.html">Python</a> &#187;</li></ul></div>
<div class="document"><div class="documentwrapper"><div class="bodywrapper"><div class="body">
<section id="module-json"><h1>json — JSON encoder and decoder<a class="headerlink" href="#module-json" title="Permalink">¶</a></h1>
<p><strong>Source code:</strong> <a href="json.py">Lib/json/__init__.py</a></p>
<p>JSON is a lightweight data interchange format inspired by JavaScript object literal syntax.</p>
<aside class="sidebar"><p class="sidebar-title">Note</p><p>See the tutorial for a gentler introduction.</p></aside>
<div class="highlight-python3"><div class="highlight"><pre><span class="kn">import</span> json
json.dumps(['foo', {'bar': ('baz', None)}])</pre></div></div>
<section id="search"><h2>Search<a class="headerlink" href="#search">¶</a></h2><p>Searching a document is not part of this module.</p></section>
<section id="basic-usage"><h2>Basic Usage<a class="headerlink" href="#basic-usage">¶</a></h2>
<p>Serialize <em>obj</em> as a JSON formatted stream.</p>
<ul class="simple"><li><p><a href="#a">dumps()</a> and <a href="#b">loads()</a>.</p></li></ul>
<aside class="footnote brackets" id="id2"><span class="label">1</span><p>As noted in the errata for RFC 7159.</p></aside>
</section></section></div></div></div>
<div class="sphinxsidebar"><div class="sphinxsidebarwrapper"><h3>Table of Contents</h3>
  <ul><li><a href="#">json — JSON encoder and decoder</a><ul><li><a href="#basic-usage">Basic Usage</a></li></ul></li></ul>
  <h4>Previous topic</h4><p class="topless"><a href="email.html">email — An email and MIME handling package</a></p>
  <div class="this-page"><h3>This Page</h3><ul><li><a href="bugs.html">Report a Bug</a></li><li><a href="_sources/json.rst.txt">Show Source</a></li></ul></div>
  <div id="searchbox"><h3>Quick search</h3><form class="search" action="search.html"><input type="text" name="q"><input type="submit" value="Go"></form></div>
</div></div></div>
<div class="footer">&copy; <a href="copyright.html">Copyright</a> 2001-2023, Python Software Foundation.<br>
Last updated on Feb 15, 2023. <a href="bugs.html">Found a bug</a>?<br>Created using <a href="https://www.sphinx-doc.org/">Sphinx</a> 5.3.0.</div>
</body></html>`;

const SQLITE_LIKE = `<!DOCTYPE html>
<html><head><title>VACUUM</title></head><body>
<div class=nosearch><a href="index.html"><img class="logo" src="logo.gif" alt="SQLite"></a>
<div class="tagline">Small. Fast. Reliable.<br>Choose any three.</div>
<div class="menu mainmenu"><ul><li><a href="index.html">Home</a><li><a href="about.html">About</a><li><a href="docs.html">Documentation</a>
<li><a href="download.html">Download</a></ul></div>
<div class="searchmenu" id="searchmenu"><form method="GET" action="search"><select name="s"><option>Search Documentation</option></select>
<input type="text" name="q"><input type="submit" value="Go"></form></div></div>
<div class=fancy><div class=nosearch><div class="fancy_title">VACUUM</div>
<div class="fancy_toc"><a onclick="toggle_toc()">Table Of Contents</a>
<div id="toc_sub"><div><a href="#syntax">1. Syntax</a></div><div><a href="#description">2. Description</a></div></div></div></div>
<h1 id="syntax"><span>1. </span>Syntax</h1>
<div class="imgcontainer"><svg viewBox="0 0 10 10"><text>VACUUM-DIAGRAM-LABEL</text></svg></div>
<h1 id="description"><span>2. </span>Description</h1>
<p>The VACUUM command rebuilds the database file, repacking it into a minimal amount of disk space.</p>
<p>The functions that use it:</p>
<div class="columns"><ul><li><a href="#a">sqlite3_db_cacheflush()</a><li><a href="#b">sqlite3_db_release_memory()</a></ul></div>
<pre>VACUUM INTO 'backup.db';</pre>
<p align="center"><small><i>This page last modified on <a href="x" id="mtimelink">2024-01-01</a></i></small></p>
</div></body></html>`;

const MODERN = `<!DOCTYPE html>
<html><head><title>Caching | Acme Docs</title></head><body>
<a class="skip-link" href="#content">Skip to main content</a>
<div class="cookie-banner">We use cookies to improve your experience. Accept all</div>
<header class="site-header"><a href="/">Acme Docs</a><div class="search-box"><input type="search" placeholder="Search docs"></div></header>
<div class="layout has-sidebar">
<aside class="docs-sidebar"><ul><li><a href="/a">Getting started</a></li><li><a href="/b">Configuration</a></li></ul></aside>
<main id="content">
<nav aria-label="breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/guides">Guides</a></li></ol></nav>
<article>
<h1>Caching</h1>
<p>The cache keeps hot rows in memory.</p>
<h2 id="configuration">Configuration<a class="hash-link" href="#configuration">#</a></h2>
<p>Set the size before opening the store.</p>
<pre><code>const cache = createCache({ size: 2000 });</code></pre>
<table><tr><th>Option</th><th>Default</th></tr><tr><td>size</td><td>2000</td></tr></table>
<footer class="doc-footer"><a href="/edit">Edit this page</a> Last updated on Jan 1, 2024</footer>
</article>
<div class="pagination-nav"><a href="/prev">« Previous: Install</a><a href="/next">Next: Search »</a></div>
<div class="toc-sidebar"><p>On this page</p><ul><li><a href="#configuration">Configuration</a></li></ul></div>
</main>
</div>
<footer><p>© 2024 Acme Inc. All rights reserved.</p><ul><li><a href="/privacy">Privacy</a></li></ul></footer>
</body></html>`;

describe("parseHtml: generic chrome removal", () => {
  it("reads a Sphinx page without its related bar, sidebar, search box, footer and permalinks", () => {
    const parsed = parseHtml(SPHINX);
    expectAbsent(parsed.content, [
      "Navigation",
      "modules",
      "previous",
      "Python »",
      "Table of Contents",
      "Previous topic",
      "Report a Bug",
      "Show Source",
      "Quick search",
      "Copyright",
      "Last updated",
      "Created using",
      "¶",
      "DOCUMENTATION_OPTIONS",
      "<!DOCTYPE",
    ]);
    expect(parsed.content).toContain("Source code: Lib/json/__init__.py");
    expect(parsed.content).toContain("JSON is a lightweight data interchange format");
    expect(parsed.content).toContain("See the tutorial for a gentler introduction.");
    expect(parsed.content).toContain("import json\njson.dumps(['foo', {'bar': ('baz', None)}])");
    // A section whose id happens to be a chrome word, a list of links amid the text and a footnote stay.
    expect(parsed.content).toContain("Search\n\nSearching a document is not part of this module.");
    expect(parsed.content).toContain("- dumps() and loads().");
    expect(parsed.content).toContain("As noted in the errata for RFC 7159.");
    expect(parsed.title).toBe("json — JSON encoder and decoder");
    expect(parsed.sections.map((s) => s.headings)).toEqual([
      ["json — JSON encoder and decoder"],
      ["json — JSON encoder and decoder", "Search"],
      ["json — JSON encoder and decoder", "Basic Usage"],
    ]);
    expectExactSections(parsed);
  });

  it("reads a sqlite.org-like page without its menus, tagline, table of contents, diagram text and footer line", () => {
    const parsed = parseHtml(SQLITE_LIKE);
    expectAbsent(parsed.content, [
      "Home",
      "About",
      "Download",
      "Small. Fast.",
      "Search Documentation",
      "Go",
      "Table Of Contents",
      "VACUUM-DIAGRAM-LABEL",
      "This page last modified",
      "2024-01-01",
    ]);
    expect(parsed.content).toBe(
      [
        "VACUUM",
        "1. Syntax",
        "2. Description",
        "The VACUUM command rebuilds the database file, repacking it into a minimal amount of disk space.",
        "The functions that use it:",
        "- sqlite3_db_cacheflush()\n- sqlite3_db_release_memory()",
        "VACUUM INTO 'backup.db';",
      ].join("\n\n"),
    );
    expect(parsed.title).toBe("VACUUM");
    expect(parsed.sections.map((s) => s.headings)).toEqual([[], ["1. Syntax"], ["2. Description"]]);
    expectExactSections(parsed);
    expect(parsed.content.slice(parsed.sections[2]!.start, parsed.sections[2]!.end)).toMatch(/^2\. Description\n\nThe VACUUM command[\s\S]*backup\.db';$/);
  });

  it("reads only the article of a page with nav, aside, breadcrumbs, pagination, cookie banner and footer", () => {
    const parsed = parseHtml(MODERN);
    expectAbsent(parsed.content, [
      "Skip to main content",
      "cookies",
      "Acme Docs",
      "Search docs",
      "Getting started",
      "Home",
      "Guides",
      "Edit this page",
      "Last updated",
      "Previous: Install",
      "Next: Search",
      "On this page",
      "© 2024",
      "Privacy",
      "#",
    ]);
    expect(parsed.content).toBe(
      [
        "Caching",
        "The cache keeps hot rows in memory.",
        "Configuration",
        "Set the size before opening the store.",
        "const cache = createCache({ size: 2000 });",
        "Option | Default\nsize | 2000",
      ].join("\n\n"),
    );
    // "Caching | Acme Docs" keeps its site name: only a title that starts with the page's h1 is shortened.
    expect(parsed.title).toBe("Caching");
    expect(parsed.sections.map((s) => s.headings)).toEqual([["Caching"], ["Caching", "Configuration"]]);
    expectExactSections(parsed);
    const last = parsed.sections.at(-1)!;
    expect(parsed.content.slice(last.start, last.end)).toBe(
      "Configuration\n\nSet the size before opening the store.\n\nconst cache = createCache({ size: 2000 });\n\nOption | Default\nsize | 2000",
    );
  });

  it("reads a DocBook page (PostgreSQL's manual) without its navigation header and footer tables", () => {
    const parsed = parseHtml(`<!DOCTYPE html><html><head><title>VACUUM</title></head><body>
<div class="navheader"><table width="100%" summary="Navigation header"><tr><th colspan="5" align="center">VACUUM</th></tr>
<tr><td><a accesskey="p" href="sql-update.html">Prev</a></td><td><a accesskey="u" href="sql-commands.html">Up</a></td>
<th width="60%" align="center">SQL Commands</th><td><a accesskey="h" href="index.html">Home</a></td><td><a accesskey="n" href="sql-values.html">Next</a></td></tr></table><hr /></div>
<div class="refentry" id="SQL-VACUUM"><div class="refnamediv"><h2><span class="refentrytitle">VACUUM</span></h2>
<p>VACUUM — garbage-collect and optionally analyze a database</p></div>
<div class="refsect1"><h2>Description</h2><p>VACUUM reclaims storage occupied by dead tuples.</p></div></div>
<div class="navfooter"><hr /><table width="100%" summary="Navigation footer"><tr><td><a accesskey="p" href="sql-update.html">Prev</a></td>
<td><a accesskey="u" href="sql-commands.html">Up</a></td><td><a accesskey="n" href="sql-values.html">Next</a></td></tr>
<tr><td>UPDATE</td><td><a accesskey="h" href="index.html">Home</a></td><td>VALUES</td></tr></table></div></body></html>`);
    expectAbsent(parsed.content, ["Prev", "Up", "SQL Commands", "Home", "Next", "UPDATE", "VALUES"]);
    expect(parsed.content).toBe(
      "VACUUM\n\nVACUUM — garbage-collect and optionally analyze a database\n\nDescription\n\nVACUUM reclaims storage occupied by dead tuples.",
    );
    expectExactSections(parsed);
  });

  it("reads a Scribble page (Racket's docs) without its column of the manual's contents before the title", () => {
    const toc = `<div class="tocset"><div class="tocview"><div class="tocviewlist tocviewlisttopspace"><div class="tocviewtitle"><a href="index.html" class="tocviewlink">Die Macht der Abstraktion</a></div></div>
<div class="tocviewsublistonly"><table><tr><td align="right">1.1&nbsp;</td><td><a href="Definitionen.html" class="tocviewselflink">Definitionen</a></td></tr><tr><td align="right">1.2&nbsp;</td><td><a href="Records.html" class="tocviewlink">Record-Typ-Definitionen</a></td></tr></table></div></div>
<div class="tocsub"><div class="tocsubtitle">On this page:</div><table class="tocsublist"><tr><td><a href="#define" class="tocsubseclink">define</a></td></tr></table></div></div>`;
    const parsed = parseHtml(
      `<html><head><title>1.1 Definitionen</title></head><body><div class="maincolumn"><div class="main">${toc}<h4>1.1 Definitionen</h4><p>Diese Form ist eine Definition und bindet id als Namen an den Wert von expr.</p></div></div></body></html>`,
    );
    expect(parsed.content).toBe("1.1 Definitionen\n\nDiese Form ist eine Definition und bindet id als Namen an den Wert von expr.");
  });

  it("drops a link bar that stands apart, but not a list of links amid paragraphs", () => {
    const parsed = parseHtml(`<body><div class="wrap"><div><a href="/p">prev</a> | <a href="/n">next</a> | <a href="/i">index</a></div></div>
      <div><h1>Functions</h1><p>The functions are:</p><ul><li><a href="#abs">abs()</a></li><li><a href="#max">max()</a></li></ul></div></body>`);
    expect(parsed.content).toBe("Functions\n\nThe functions are:\n\n- abs()\n- max()");
  });

  it("drops a page-level <aside> of one paragraph, which is not amid paragraphs of its own, and keeps one that is", () => {
    const beside = parseHtml(`<body><div class="wrap"><aside><p>Try our hosting today.</p></aside>
      <div class="content"><h1>Backups</h1><p>Copy the file.</p><p>Or use the backup API.</p></div></div></body>`);
    expect(beside.content).toBe("Backups\n\nCopy the file.\n\nOr use the backup API.");
    const amid = parseHtml(`<body><h1>Backups</h1><p>Copy the file.</p><aside><p>Not while it is written.</p></aside><p>Or use the API.</p></body>`);
    expect(amid.content).toBe("Backups\n\nCopy the file.\n\nNot while it is written.\n\nOr use the API.");
    // A paragraph of links is text even where no other paragraph stands beside it (a collapsible "See also").
    const seeAlso = parseHtml(`<main><h1>Guide</h1><p>Install it.</p><details><summary>See also</summary><p><a href="a.html">Configuration</a>,
      <a href="b.html">Upgrading</a></p></details></main>`);
    expect(seeAlso.content).toBe("Guide\n\nInstall it.\n\nSee also\n\nConfiguration, Upgrading");
  });

  it("drops a link bar that stands apart beside a version menu, whose options are not the bar's text", () => {
    const parsed = parseHtml(`<html><head><title>Guide</title></head><body><div class="wrap"><div><a href="/">Home</a> | <a href="/docs">Docs</a>
      <select><option>3.12</option><option>3.11</option></select></div></div><div><h1>Guide</h1><p>Copy the file.</p><p>Or use the backup API.</p></div></body></html>`);
    expect(parsed.content).toBe("Guide\n\nCopy the file.\n\nOr use the backup API.");
  });

  it("takes a paragraph beside a page-level <aside> for text through six wrappers, not seven", () => {
    const page = (wrappers: number) =>
      parseHtml(
        `<body><h1>Backups</h1><div><aside><p>Try our hosting today.</p></aside>${"<div>".repeat(wrappers)}<p>Copy the file.</p>${"</div>".repeat(wrappers)}</div></body>`,
      );
    expect(page(6).content).toBe("Backups\n\nTry our hosting today.\n\nCopy the file.");
    expect(page(7).content).toBe("Backups\n\nCopy the file.");
  });

  it("titles a page without <title> by the block of class 'title' its body opens with (Google Docs' Title style), over its h1s", () => {
    const doc = (title: string) =>
      `<html><head><style>.title{font-size:26pt}</style></head><body class="doc-content"><p class="c2 title"><span>Incident runbook</span></p>
<h1><span>Paging</span></h1><p><span>Page the on-call engineer.</span></p><h1><span>Escalation</span></h1><p><span>Call the lead.</span></p></body></html>`.replace(
        "<head>",
        `<head>${title}`,
      );
    const parsed = parseHtml(doc(""));
    expect(parsed.title).toBe("Incident runbook");
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual([
      "Incident runbook",
      "Incident runbook › Paging",
      "Incident runbook › Escalation",
    ]);
    // A class "title" further down, or in a page with a <title>, heads nothing.
    const later = parseHtml('<html><body><h1>Paging</h1><p class="title">Table 1</p><p>Rows.</p></body></html>');
    expect([later.title, later.sections.map((section) => section.headings.join(" › "))]).toEqual(["Paging", ["Paging"]]);
    expect(parseHtml(doc("<title>Incident runbook</title>")).sections.map((section) => section.headings.join(" › "))).toEqual(["", "Paging", "Escalation"]);
    expect(parseHtml(doc("<title>Paging</title>")).sections.map((section) => section.headings.join(" › "))).toEqual(["", "Paging", "Escalation"]);
  });

  it("reads ' :: ' (Antora's) as a title's separator, for the h1 and a header that say its first part, not inside a name ('std::vector')", () => {
    expect(parseHtml("<title>Installation :: Acme Docs</title><main><h1>Installation</h1><p>Unpack it.</p></main>").title).toBe("Installation");
    expect(parseHtml("<title>Acme::Config :: Acme Docs</title><main><h1>Acme::Config</h1><p>Settings.</p></main>").title).toBe("Acme::Config");
    expect(parseHtml("<title>std::vector</title><main><h1>std::vector</h1><p>A sequence.</p></main>").title).toBe("std::vector");
    // A header that says the title's first part is the page's own, after " :: " as after " | ".
    const body = "A widget draws itself and takes the input events of its area. ".repeat(3).trim();
    const header = (sep: string) =>
      parseHtml(`<title>Widget Class Reference${sep}Acme Docs</title><div class="header"><div class="summary"><a href="#pub">Public</a></div>Widget Class Reference</div>
<p>${body}</p>`).content;
    expect(header(" :: ")).toBe(header(" | "));
    expect(header(" :: ")).toBe(`Public\nWidget Class Reference\n\n${body}`);
  });

  it("shortens a title that starts with the page's h1 in another case to the h1", () => {
    const parsed = parseHtml("<title>What is Ownership? - The Rust Programming Language</title><main><h1>What Is Ownership?</h1><p>Rules.</p></main>");
    expect(parsed.title).toBe("What Is Ownership?");
    expect(parseHtml("<title>Ownership rules - The Book</title><h1>What Is Ownership?</h1><p>x</p>").title).toBe("Ownership rules - The Book");
  });

  it("shortens a title to the page's first heading when the site's name holds the h1", () => {
    // mdBook's menu bar holds the book's name as h1, outside <main>; the chapter is headed by an h2.
    const parsed = parseHtml(`<title>Storing Lists of Values with Vectors - The Rust Programming Language</title><body>
      <div id="menu-bar"><h1 class="menu-title">The Rust Programming Language</h1></div>
      <main><h2 id="vectors">Storing Lists of Values with Vectors</h2><p>The first collection type is Vec.</p><h2>Updating a Vector</h2><p>Push.</p></main></body>`);
    expect(parsed.title).toBe("Storing Lists of Values with Vectors");
    // A title that does not start with the first heading keeps its site name.
    expect(parseHtml("<title>Vec in std::vec - Rust</title><main><h1>Struct std::vec::Vec</h1><p>x</p></main>").title).toBe("Vec in std::vec - Rust");
  });

  it("drops a tooltip's hover text, in a heading too, and keeps what it hovers over", () => {
    // rustdoc's "notable traits" popup inside a method's signature heading.
    const parsed =
      parseHtml(`<main><h1>Struct Vec</h1><h4 class="code-header">pub fn drain(&mut self) -> Drain<'_, T><span class="notable-traits"><span class="notable-traits-tooltip">ⓘ<span class="notable-traits-tooltiptext"><span class="notable">Notable traits for Drain</span></span></span></span></h4><p>Removes the range.</p>
      <p>Hover <span class="tooltip">WAL<span class="tooltiptext">write-ahead log</span></span> or <abbr role="tooltip">x</abbr>.</p></main>`);
    expect(parsed.sections.map((s) => s.headings.at(-1))).toEqual(["Struct Vec", "pub fn drain(&mut self) -> Drain<'_, T>ⓘ"]);
    expect(parsed.content).toContain("Removes the range.\n\nHover WAL or .");
    expect(parsed.content).not.toContain("Notable traits");
  });

  it("keeps a page that is nothing but chrome rather than calling it empty", () => {
    const parsed = parseHtml(`<body><nav><a href="/a">Moved: see the new page</a></nav></body>`);
    expect(parsed.content).toBe("Moved: see the new page");
  });

  it("reads a page that is one <aside> and nothing else, alone in every element up to the document's root, as its text", () => {
    expect(parseHtml("<aside><p>Try our hosting today.</p></aside>").content).toBe("Try our hosting today.");
  });

  it("keeps a <main> that is too small to be the content, and reads the rest", () => {
    const parsed = parseHtml(`<body><main><p>Hi.</p></main><div><h1>Real title</h1><p>${"Long body text. ".repeat(20)}</p></div></body>`);
    expect(parsed.content.startsWith("Hi.\n\nReal title")).toBe(true);
  });

  it("keeps a <main> that is too small to be the content whatever its class says (with-sidebar)", () => {
    const text = "Long body text. ".repeat(20).trim();
    const parsed = parseHtml(`<body><main class="with-sidebar"><p>Hi.</p></main><div><h1>Real title</h1><p>${text}</p></div></body>`);
    expect(parsed.content).toBe(`Hi.\n\nReal title\n\n${text}`);
  });
});

describe("parseHtml: definition terms with ids head their entries", () => {
  const PAGE = `<html><head><title>os.path — Common pathname manipulations — Python 3.11 documentation</title></head><body><main>
<h1>os.path — Common pathname manipulations<a class="headerlink" href="#module-os.path">¶</a></h1>
<p>This module implements some useful functions on pathnames.</p>
<dl class="py function"><dt class="sig" id="os.path.join">os.path.join(path, *paths)<a class="headerlink" href="#os.path.join">¶</a></dt>
<dd><p>Join one or more path segments intelligently.</p></dd></dl>
<dl class="py class"><dt id="os.PathLike">class os.PathLike</dt><dd><p>An abstract base class for path objects.</p>
<dl class="py method"><dt id="os.PathLike.__fspath__">__fspath__()</dt><dd><p>Return the file system path.</p></dd></dl>
</dd></dl>
<p>All of these functions accept bytes or strings.</p>
<h2>Notes</h2><dl><dt>plain term</dt><dd>A definition without an anchor.</dd></dl>
</main></body></html>`;
  const title = "os.path — Common pathname manipulations";

  it("nests each entry under the section the list is in, and returns to that section after the list", () => {
    const parsed = parseHtml(PAGE);
    const read = parsed.sections.map((s) => [s.headings, parsed.content.slice(s.start, s.end).trim()]);
    expect(read).toEqual([
      [[title], `${title}\n\nThis module implements some useful functions on pathnames.`],
      [[title, "os.path.join(path, *paths)"], "os.path.join(path, *paths)\n\nJoin one or more path segments intelligently."],
      [[title, "class os.PathLike"], "class os.PathLike\n\nAn abstract base class for path objects."],
      [[title, "class os.PathLike", "__fspath__()"], "__fspath__()\n\nReturn the file system path."],
      [[title], "All of these functions accept bytes or strings."],
      [[title, "Notes"], "Notes\n\nplain term\nA definition without an anchor."],
    ]);
    expect(parsed.content).not.toContain("¶");
    // In order, and only line breaks between them.
    parsed.sections.forEach((s, i) => expect(parsed.content.slice(i === 0 ? 0 : parsed.sections[i - 1]!.end, s.start).trim()).toBe(""));
  });

  it("gives a chunk of an entry the entry in its context header", async () => {
    const parsed = parseHtml(PAGE);
    const chunks = await chunkDocument({ id: "os.path.html", content: parsed.content, title: parsed.title!, metadata: {}, sections: parsed.sections });
    const join = chunks.find((c) => c.content.includes("Join one or more"));
    expect(join?.header).toBe(`${title} › os.path.join(path, *paths)`);
    expect(chunks.find((c) => c.content.includes("accept bytes"))?.header).toBe(title);
  });

  it("drops the bullet of a list item that opens with an entry or a heading, and starts its section at a numbered item's number, where either would end the section before as a stray", () => {
    const parsed = parseHtml(`<h1>T</h1><ul><li><dl><dt id="a">Term</dt><dd>Def</dd></dl></li><li><h3>Sub</h3><p>x</p></li><li>Plain</li></ul>`);
    expect(parsed.content).toBe("T\n\nTerm\n\nDef\n\nSub\n\nx\n\n- Plain");
    expect(parsed.sections.map((s) => [s.headings.join(" / "), parsed.content.slice(s.start, s.end).trim()])).toEqual([
      ["T", "T"],
      ["T / Term", "Term\n\nDef"],
      ["T / Sub", "Sub\n\nx\n\n- Plain"],
    ]);
    // An ordered item's number stays, and opens the heading's section: it says which step the heading is, and
    // before the section it would end the one above as a stray "1.".
    const steps = parseHtml(`<h1>T</h1><p>Two steps.</p><ol><li><h3>Build</h3><p>Run make.</p></li><li><h3>Test</h3><p>Run it.</p></li></ol>`);
    expect(steps.content).toBe("T\n\nTwo steps.\n\n1. Build\n\nRun make.\n\n2. Test\n\nRun it.");
    expect(steps.sections.map((s) => [s.headings.join(" / "), steps.content.slice(s.start, s.end).trim()])).toEqual([
      ["T", "T\n\nTwo steps."],
      ["T / Build", "1. Build\n\nRun make."],
      ["T / Test", "2. Test\n\nRun it."],
    ]);
  });

  it("leaves a term without an id, and a term of a hidden or navigation list, as text", () => {
    const parsed = parseHtml(`<body><h1>Glossary</h1><dl><dt>REPL</dt><dd>Read, eval, print loop.</dd></dl>
      <nav><dl><dt id="toc">Contents</dt><dd>links</dd></dl></nav><dl hidden><dt id="x">Hidden</dt><dd>gone</dd></dl></body>`);
    expect(parsed.content).toBe("Glossary\n\nREPL\nRead, eval, print loop.");
    expect(parsed.sections.map((s) => s.headings)).toEqual([["Glossary"]]);
  });
});

describe("parseHtml: chrome of other documentation generators", () => {
  it("drops a panel of controls around a text box outside any form (Scaladoc's member filter), not a box beside a sentence or a checkbox", () => {
    const parsed = parseHtml(`<body><div id="definition"><h1>Regex</h1></div><div id="comment"><p>A regular expression.</p></div>
<div id="mbrsel"><div id="textfilter"><span class="input"><input id="mbrsel-input" type="text"/></span></div>
<div id="order"><span class="filtertype">Ordering</span><ol><li class="alpha in"><span>Alphabetic</span></li><li><span>By Inheritance</span></li></ol></div>
<div id="visbl"><span class="filtertype">Visibility</span><ol><li><span>Public</span></li><li><span>All</span></li></ol></div></div>
<div id="template"><h3>Instance Constructors</h3><p>Compiles a pattern.</p></div>
<div class="demo"><p>Type a name to see it greeted.</p><input type="text"/><span>Greeting</span></div>
<div class="options"><input type="checkbox"/> Show private members</div></body>`);
    expect(parsed.content).toContain("A regular expression.");
    expect(parsed.content).toContain("Compiles a pattern.");
    expect(parsed.content).not.toMatch(/Alphabetic|Inheritance|Visibility|Public/);
    expect(parsed.content).toContain("Type a name to see it greeted.\n\nGreeting");
    expect(parsed.content).toContain("Show private members");
  });

  it("drops an API page's script controls, lone source links, toggle labels and 'Read more' links (rustdoc's shape)", () => {
    const parsed = parseHtml(`<html><head><title>Vec in std::vec - Rust</title></head><body>
<nav class="sidebar"><a href="../index.html">std</a><a href="#implementations">Implementations</a></nav>
<section id="main-content" class="content"><div class="main-heading"><h1 class="fqn">Struct std::vec::<a class="struct" href="#">Vec</a></h1>
<span class="out-of-band"><span class="since">1.0.0</span> · <a class="srclink" href="../src/vec.rs.html#400">source</a> · <a id="toggle-all-docs" href="javascript:void(0)">[<span>−</span>]</a></span></div>
<details open><summary class="hideme"><span>Expand description</span></summary><div class="docblock"><p>A contiguous growable array type.</p>
<p>See the <a href="../src/vec.rs.html">source</a> for the growth strategy, or the <a href="https://example.org/more">more</a> detailed guide.</p></div></details>
<details open><summary>Examples of growth</summary><p>It doubles.</p><div class="example-wrap"><pre><code>v.push(1);</code></pre><a class="test-arrow" href="https://play.example.org/?code=v">Run</a></div>
<p>Then <a href="cargo.html">run</a> it.</p><div><a href="tool.html">Run</a></div></details>
<details open><summary><h2 id="method.push">pub fn push(&amp;mut self, value: T)</h2></summary>
<div class="docblock"><p>Appends an element. <a href="trait.Extend.html#tymethod.extend">Read more</a></p><p><a href="more.html">Read more about growth</a>.</p></div></details>
<p>Press <a onclick="run()">here</a> to see nothing. <a href="vec.rs">[src]</a></p>
<p>You can <a href="guide.html">read more</a> in the guide. <a href="#top">More...</a></p>
</section></body></html>`);
    expectAbsent(parsed.content, ["Expand description", "[−]", "element. Read more", "[src]", "More...", "Implementations"]);
    expect(parsed.content).toContain("See the source for the growth strategy, or the more detailed guide.");
    expect(parsed.content).toContain("Examples of growth\n\nIt doubles.\n\nv.push(1);\n\nThen run it.\n\nRun\n\npub fn push");
    expect(parsed.content).toContain("Appends an element.\n\nRead more about growth.");
    expect(parsed.content).toContain("Press here to see nothing.\n\nYou can read more in the guide.");
    // The dots that separated the dropped links go with them; dots between words stay.
    expect(parsed.content.startsWith("Struct std::vec::Vec\n\n1.0.0\n\nA contiguous growable array type.")).toBe(true);
    expect(parseHtml("<p><b>Rust</b> · <i>Book</i> •</p><ul><li>• item</li></ul>").content).toBe("Rust · Book\n\n- • item");
    // Word's list bullet: "·" (in the Symbol font), then a span of spaces before the item's text.
    const word = `<p class=MsoListParagraph><span style='mso-list:Ignore'>·<span style='font:7.0pt'>&nbsp;&nbsp;&nbsp; </span></span>Economy class.</p>`;
    expect(parseHtml(word).content).toBe("· Economy class.");
    expect(parsed.sections.map((s) => s.headings.at(-1))).toEqual(["Struct std::vec::Vec", "pub fn push(&mut self, value: T)"]);
    expectExactSections(parsed);
  });

  it("keeps a Doxygen page's title header and 'contents', without its symbol permalinks, 'More...' links and credit", () => {
    const parsed = parseHtml(`<html><head><title>libfoo: foo::Bar Class Reference</title></head><body>
<div id="top"><div id="titlearea"><div id="projectname">libfoo</div></div>
<div id="nav-path" class="navpath"><ul><li class="navelem"><a href="namespacefoo.html">foo</a></li><li class="navelem"><a href="classfoo_1_1Bar.html">Bar</a></li></ul></div></div>
<div class="header"><div class="summary"><a href="#pub-methods">Public Member Functions</a> | <a href="classfoo_1_1Bar-members.html">List of all members</a></div>
<div class="headertitle"><div class="title">foo::Bar Class Reference</div></div></div>
<div class="contents"><p>A bar that holds foos. <a href="#details">More...</a></p>
<h2 class="groupheader">Public Member Functions</h2><table class="memberdecls"><tr><td><a href="#a1">size</a> ()</td></tr></table>
<h2 class="groupheader">Member Function Documentation</h2>
<a id="a1"></a><h2 class="memtitle"><span class="permalink"><a href="#a1">&#9670;&nbsp;</a></span>size()</h2>
<div class="memdoc"><p>Returns the number of foos.</p></div>
<h2>The <a href="#plus">+</a> operator</h2><p>Adds two bars.</p>
<p>Generated by the <code>make docs</code> step, this page tracks the header.</p></div>
<hr class="footer"/><address class="footer"><small>Generated by <a href="https://www.doxygen.org/"><img src="doxygen.svg" alt="doxygen"/></a> 1.9.4</small></address>
</body></html>`);
    expectAbsent(parsed.content, ["◆", "More...", "List of all members", "1.9.4", "navelem"]);
    expect(parsed.content).toContain("foo::Bar Class Reference\n\nA bar that holds foos.\n\nPublic Member Functions");
    expect(parsed.content).toContain("Generated by the make docs step, this page tracks the header.");
    // The <title> names the class: a heading saying it again would repeat it in every context header (and, measured
    // on Eigen's 88 questions, put the class's name in every chunk's heading column: hybrid R@5 −0.028).
    expect(parsed.sections.map((s) => s.headings.at(-1))).toEqual([
      undefined,
      "Public Member Functions",
      "Member Function Documentation",
      "size()",
      "The + operator",
    ]);
    expectExactSections(parsed);
  });

  it("drops a Doxygen page's project banner (#titlearea) and its footer's trail (.navpath) beside the credit", () => {
    const parsed = parseHtml(`<html><head><title>Eigen: GMRES Class Reference</title></head><body>
<div id="top"><div id="titlearea"><table><tr><td id="projectlogo"><img alt="Logo" src="logo.png"/></td>
<td id="projectalign"><div id="projectname"><a href="http://eigen.tuxfamily.org">Eigen</a>&#160;<span id="projectnumber">3.4.0</span></div></td></tr></table></div></div>
<div id="doc-content"><div class="header"><div class="headertitle"><div class="title">GMRES Class Reference</div></div></div>
<div class="contents"><p>A GMRES solver for sparse square problems.</p></div></div>
<div id="nav-path" class="navpath"><ul><li class="navelem"><a class="el" href="namespaceEigen.html">Eigen</a></li><li class="navelem"><a class="el" href="classEigen_1_1GMRES.html">GMRES</a></li>
<li class="footer">Generated by <a href="https://www.doxygen.org/index.html"><img class="footer" src="doxygen.png" alt="doxygen"/></a> 1.9.4 </li></ul></div>
</body></html>`);
    expect(parsed.content).toBe("GMRES Class Reference\n\nA GMRES solver for sparse square problems.");
  });

  it("reads a block right in the <body> whose id ends in '-header' as a header: Haddock's package caption goes, a heading keeps it", () => {
    const page = (header: string) =>
      parseHtml(`<html><head><title>HsLua.Core.Error</title></head><body>
<div id="package-header">${header}<ul class="links" id="page-menu"><li><a href="src/HsLua.Core.Error.html">Source</a></li><li><a href="index.html">Contents</a></li></ul></div>
<div id="content"><div id="module-header"><p class="caption">HsLua.Core.Error</p></div>
<div id="description"><p class="caption">Description</p><div class="doc"><p>Lua exceptions and exception handling.</p></div></div></div></body></html>`)
        .content;
    expect(page(`<span class="caption">hslua-core-2.1.0: Bindings to Lua, an embeddable scripting language</span>`)).toBe(
      "HsLua.Core.Error\n\nDescription\n\nLua exceptions and exception handling.",
    );
    expect(page("<h2>Release notes</h2><p>Errors are now typed.</p>")).toContain("Errors are now typed.");
    // Deeper in the page, such an id names a part of it.
    const inside = parseHtml(
      `<html><body><div id="content"><div id="module-header"><p>Lua exceptions and exception handling.</p></div><p>More.</p></div></body></html>`,
    );
    expect(inside.content).toContain("Lua exceptions and exception handling.");
  });

  it("drops an announcement over the site's header, and keeps text before a header that is headed or long", () => {
    const page = (before: string, header = '<div id="titlearea"><div id="projectname">Eigen 3.4.0</div></div>') =>
      parseHtml(`<html><head><title>Eigen: GMRES Class Reference</title></head><body>
${before}<div id="top">${header}</div>
<div class="contents"><h2>Detailed Description</h2><p>A GMRES solver for sparse square problems.</p></div></body></html>`).content;
    const survey = `<div style="background:#FFDDDD;text-align:center">Please, help us to better know about our user community by answering the following short survey: <a href="https://forms.gle/x">https://forms.gle/x</a></div>`;
    expect(page(survey)).toBe("Detailed Description\n\nA GMRES solver for sparse square problems.");
    // Over a <header> or a [role=banner] at page level too.
    expect(page(survey, "<header><a href='/'>Eigen</a></header>")).not.toContain("survey");
    expect(page(survey, "<div role='banner'><a href='/'>Eigen</a></div>")).not.toContain("survey");
    // No header, a header inside the article, a heading before it, or more text than a notice: the page's own.
    expect(page(survey, "")).toContain("Please, help us");
    expect(page(survey, "<article><header>Posted today</header></article>")).toContain("Please, help us");
    expect(page(`<h1>GMRES</h1>${survey}`)).toContain("Please, help us");
    const long = `<p>${"The generalized minimal residual method solves a nonsymmetric linear system. ".repeat(6)}</p>`;
    expect(page(long)).toContain("The generalized minimal residual method");
    // A page that sets an <article> of its own before its header: that is the page's.
    const articleFirst = parseHtml(`<html><body><article><p>GMRES solves sparse systems.</p></article><header><a href="/">Eigen</a></header>
<article><p>BiCGSTAB solves them too.</p></article></body></html>`).content;
    expect(articleFirst).toContain("GMRES solves sparse systems.");
  });

  it("heads a page without an <h1> with its header's title, where the <title> names the site or is missing, and drops Doxygen's code tooltips", () => {
    // A project's own Doxygen header: a <title> that is the site's name on every page, a bar of site links above.
    const page = (title: string) =>
      parseHtml(`<html><head>${title}</head><body><table><tr><td><a href="https://example.org/cppunit">CppUnit project page</a></td><td><a href="FAQ">FAQ</a></td></tr></table><hr>
<div class="header"><div class="summary"><a href="#pub-methods">Public Member Functions</a> | <a href="members.html">List of all members</a></div>
<div class="headertitle"><div class="title">TestCase Class Reference</div></div></div>
<div class="contents"><p>A single test object.</p><div class="fragment"><div class="line">TestCase t(<span class="stringliteral">"name"</span>);</div></div>
<div class="ttc" id="aclass_test_case"><div class="ttname"><a href="class_test_case.html">TestCase</a></div><div class="ttdoc">A single test object.</div><div class="ttdef"><b>Definition:</b> <a href="TestCase_8h_source.html#l00020">TestCase.h:20</a></div></div>
<h2 class="groupheader">Public Member Functions</h2><p>run (TestResult *result)</p></div></body></html>`);
    for (const parsed of [page("<title>CppUnit - The Unit Testing Library</title>"), page("")]) {
      expect(parsed.content).toBe(
        'TestCase Class Reference\n\nA single test object.\n\nTestCase t("name");\n\nPublic Member Functions\n\nrun (TestResult *result)',
      );
      expect(parsed.sections.map((s) => s.headings)).toEqual([["TestCase Class Reference"], ["TestCase Class Reference", "Public Member Functions"]]);
    }
    expect(page("").title).toBe("TestCase Class Reference");
    // A figure's or a table's title (DocBook's <p class="title">) is no page heading.
    const docbook = parseHtml(`<div class="table"><p class="title"><b>Table 1. Options</b></p><table><tr><td>-v</td></tr></table></div>`);
    expect(docbook.sections.every((s) => s.headings.length === 0)).toBe(true);
  });

  it("shortens a title that puts the site's name in brackets (Javadoc's, texinfo's) to the heading that holds its first part", () => {
    expect(parseHtml("<title>HashMap (Java SE 17 &amp; JDK 17)</title><main><h1>Class HashMap&lt;K,V&gt;</h1><p>x</p></main>").title).toBe(
      "Class HashMap<K,V>",
    );
    expect(parseHtml("<title>Aliases (Bash Reference Manual)</title><h2>6.6 Aliases</h2><p>x</p>").title).toBe("6.6 Aliases");
    // The heading must hold the first part as whole words; a bracket that is part of the name is no site name.
    expect(parseHtml("<title>Map (Java SE 17)</title><h1>Class HashMap</h1><p>x</p>").title).toBe("Map (Java SE 17)");
    expect(parseHtml("<title>Widgets (beta)</title><h1>Gadgets</h1><p>x</p>").title).toBe("Widgets (beta)");
    expect(parseHtml("<title>printf (3)</title><h1>printf</h1><p>x</p>").title).toBe("printf (3)");
  });

  it("shortens a title whose site name is in brackets (holding brackets, or after the heading whole), and one that only numbers its section, to the page's heading", () => {
    const octave = "<title>Current Working Directory (GNU Octave (version 7.3.0))</title><h3>36.8 Current Working Directory</h3><p>x</p>";
    expect(parseHtml(octave).title).toBe("36.8 Current Working Directory");
    // texi2any's title says the heading, number and all, then the manual's name in brackets.
    expect(parseHtml("<title>16 Options (zsh)</title><h1>16 Options</h1><p>x</p>").title).toBe("16 Options");
    const swi = (heading: string) => parseHtml(`<title>SWI-Prolog 9.0.4 Reference Manual: Section 10.5</title><h2>${heading}</h2><p>x</p>`).title;
    expect(swi("10.5 Thread support library(threadutil)")).toBe("10.5 Thread support library(threadutil)");
    // A heading of another number, or of a longer one, is another page's: the title stays.
    expect(swi("10.6 Unicode Prolog source")).toBe("SWI-Prolog 9.0.4 Reference Manual: Section 10.5");
    expect(swi("10.51 Other")).toBe("SWI-Prolog 9.0.4 Reference Manual: Section 10.5");
  });

  it("keeps DocBook's menu names in the text, which end in 'menu' as a site's menus do, and a heading that is a script's link", () => {
    const gimp = parseHtml(`<main><h1>Van Gogh (LIC)</h1><p>You can find this filter through <span class="guimenu">Filters</span> →
<span class="guisubmenu">Artistic</span> → <span class="guimenuitem">Van Gogh (LIC)</span>.</p><div class="mainmenu"><a href="a.html">A</a> <a href="b.html">B</a></div></main>`);
    expect(gimp.content).toContain("You can find this filter through Filters → Artistic → Van Gogh (LIC).");
    expect(gimp.content).not.toContain("A B");
    // gi-docgen draws an inherited signal's name as a link that a script follows.
    const signal = parseHtml(
      `<main><h1>Gtk.Button</h1><p>A widget.</p><h6><a class="external" href="javascript:void(0)" data-link="signal.Object.notify.html">GObject::notify</a></h6><p>Emitted on a change.</p></main>`,
    );
    expect(signal.sections.map((s) => s.headings.at(-1))).toEqual(["Gtk.Button", "GObject::notify"]);
  });

  it("writes the colon between a definition term and its classifier that Sphinx leaves to CSS (numpydoc's parameters)", () => {
    const sphinx = parseHtml(`<dl class="field-list"><dt>Parameters</dt><dd><dl>
<dt><strong>how</strong><span class="classifier">{'left', 'inner'}, default 'inner'</span></dt><dd><p>Type of merge.</p></dd>
<dt><strong>on</strong><span class="classifier">label or list</span></dt><dd><p>Columns to join on.</p></dd></dl></dd></dl>`);
    expect(sphinx.content).toBe("Parameters\n\nhow : {'left', 'inner'}, default 'inner'\n\nType of merge.\n\non : label or list\n\nColumns to join on.");
    // docutils' own writer prints the colon; it is not doubled.
    const docutils = parseHtml('<dl><dt>name <span class="classifier-delimiter">:</span> <span class="classifier">str</span></dt><dd>The name.</dd></dl>');
    expect(docutils.content).toBe("name : str\nThe name.");
  });

  it("sets two sibling spans apart by a space where both are words (cppreference's lines of names, Doxygen's labels), not in code", () => {
    const lines = parseHtml('<p><a href="x.html"><span class="t-lines"><span>atomic_fetch_add</span><span>atomic_fetch_add_explicit</span></span></a></p>');
    expect(lines.content).toBe("atomic_fetch_add atomic_fetch_add_explicit");
    const labels = parseHtml('<p>size() <span class="mlabels"><span class="mlabel">inline</span><span class="mlabel">virtual</span></span></p>');
    expect(labels.content).toBe("size() inline virtual");
    // Runs of style within a word (different classes), Japanese phrases, a break opportunity between runs of text,
    // and highlighted inline code stay joined.
    expect(parseHtml('<p><span class="c1">bold</span><span class="c2">er option</span></p>').content).toBe("bolder option");
    expect(parseHtml("<p><span>今日は</span><span>いい天気です</span></p>").content).toBe("今日はいい天気です");
    expect(parseHtml('<p>super<span class="wbr"></span>califragilistic</p>').content).toBe("supercalifragilistic");
    expect(parseHtml('<p>Call <code><span class="n">self</span><span class="n">x</span></code>.</p>').content).toBe("Call selfx.");
    // Punctuation between words, other inline elements and preformatted text are as they were.
    expect(parseHtml('<p><span class="n">os</span><span class="o">.</span><span class="n">path</span></p>').content).toBe("os.path");
    expect(parseHtml('<p><span class="pre">python</span><em><span class="pre">NN</span></em></p>').content).toBe("pythonNN");
    expect(parseHtml('<pre><span class="k">int</span><span class="n">x</span></pre>').content).toBe("intx");
  });

  it("breaks a listing's lines at <br> inside <pre> (libxml2's, the Apache manual's)", () => {
    const parsed = parseHtml("<p>Use:</p><pre>Structure xmlNodeInfo<br/>struct _xmlNodeInfo {<br>  int line;<br>}</pre>");
    expect(parsed.content).toBe("Use:\n\nStructure xmlNodeInfo\nstruct _xmlNodeInfo {\n  int line;\n}");
  });

  it("sets words apart at an empty span the style sheet draws (gi-docgen's 'Gtk ▸ Widget ▸ set_visible')", () => {
    const parsed = parseHtml(
      '<h1><a href="gtk4.html">Gtk</a><span class="sep"></span><a href="class.Widget.html">Widget</a><span class="sep"></span>set_visible</h1><p>Sets the visibility.</p>',
    );
    expect(parsed.sections.map((s) => s.headings)).toEqual([["Gtk Widget set_visible"]]);
    // Between a word and punctuation, or in a listing, an empty span changes nothing.
    expect(parseHtml('<p>os<span class="x"></span>.path</p><pre>a<span></span>b</pre>').content).toBe("os.path\n\nab");
  });

  it("reads code tabs that a script shows one of and none is shown yet (OpenCV's), and keeps other hidden blocks hidden", () => {
    const tab = (lang: string, code: string, style = "display: none;") =>
      `<div class='newInnerHTML' title='${lang}' style='display: none;'>${lang}</div><div class='toggleable_div label_${lang}' style='${style}'><div class="fragment"><div class="line">${code}</div></div></div>`;
    const page = (tabs: string) => parseHtml(`<main><h1>Affine Transformations</h1><ul><li><p>Load an image:</p>${tabs}</li></ul></main>`).content;
    const opencv = page(tab("cpp", "Mat src = imread(path);") + tab("java", "Mat src = Imgcodecs.imread(path);") + tab("python", "src = cv.imread(path)"));
    expect(opencv).toContain("Mat src = imread(path);");
    expect(opencv).toContain("Mat src = Imgcodecs.imread(path);");
    expect(opencv).toContain("src = cv.imread(path)");
    // One tab of the group shown: the others are hidden as the reader sees them (Docusaurus' inactive tabs).
    const shown = page(tab("cpp", "Mat src = imread(path);", "") + tab("java", "Mat src = Imgcodecs.imread(path);") + tab("python", "src = cv.imread(path)"));
    expect(shown).toContain("Mat src = imread(path);");
    expect(shown).not.toContain("Imgcodecs");
    expect(shown).not.toContain("cv.imread");
    // Collapsed blocks of anything but code, and a lone hidden listing, stay hidden.
    const diagram = (name: string) => `<div class="imgcontainer" style="display:none"><p>${name}:</p><img src="${name}.svg"></div>`;
    expect(page(diagram("filter-clause") + diagram("over-clause"))).not.toContain("filter-clause");
    expect(page(tab("cpp", "Mat src = imread(path);"))).not.toContain("imread");
  });

  it("writes a superscript number as a power or a note's mark ('2^64', 'tables^1'), and leaves ordinals alone", () => {
    const parsed = parseHtml('<p>At most 2<sup>64</sup> rows, hash tables<a href="#fn1"><sup>1</sup></a>, the 2<sup>nd</sup> time, x<sup>n</sup>.</p>');
    expect(parsed.content).toBe("At most 2^64 rows, hash tables^1, the 2nd time, xn.");
    expect(parseHtml("<p>see note <sup>[1]</sup></p>").content).toBe("see note [1]");
    // A negative power, and a superscript whose number is hidden, which leaves no mark behind.
    expect(parseHtml("<p>min 4.9 · 10<sup>-324</sup></p>").content).toBe("min 4.9 · 10^-324");
    expect(parseHtml('<p>area<sup><span style="display:none">2</span></sup>next</p>').content).toBe("areanext");
  });

  it("reads a superscript that holds its note's text after the number apart from the words on either side (SWI-Prolog's)", () => {
    const note = '<sup class="fn">120<span class="fn-text">We prefer <code>infinite</code>, but others use <code>inf</code>.</span></sup>';
    const parsed = parseHtml(`<p>If High is <code>inf</code> or <code>infinite</code>${note}<a href="#b">between/3</a> is true.</p>`);
    expect(parsed.content).toBe("If High is inf or infinite^120 We prefer infinite, but others use inf. between/3 is true.");
    // A number with a label of a word or two is no note: read as before.
    expect(parseHtml("<p>tables<sup>1<span>a</span></sup>x</p>").content).toBe("tables1ax");
  });

  it("drops an h1 that holds only the site's name when another h1 names the page (Django's), and takes the title from it", () => {
    const parsed = parseHtml(`<html><head><title>Model field reference — Django 3.2 documentation</title></head><body>
<div id="hd"><h1><a href="index.html">Django 3.2 documentation</a></h1><ul><li><a href="index.html">Home</a></li><li><a href="genindex.html">Index</a></li></ul></div>
<div id="bd"><h1>Model field reference</h1><p>This document contains all the API references of Field.</p><h2>Field options</h2><p>null: if True, Django stores empty values as NULL.</p></div></body></html>`);
    expect(parsed.title).toBe("Model field reference");
    expect(parsed.content.startsWith("Model field reference\n\nThis document")).toBe(true);
    expect(parsed.sections.map((s) => s.headings)).toEqual([["Model field reference"], ["Model field reference", "Field options"]]);
    // A title that puts the site first: the h1 that says its later part is the page's own, and stays.
    const siteFirst =
      parseHtml(`<html><head><title>Acme | Installing</title></head><body><section><h1>Installing</h1><p>${"Run the installer. ".repeat(30)}</p></section>
<section><h1>Next steps</h1><p>Configure it.</p></section></body></html>`);
    expect(siteFirst.sections.map((s) => s.headings)).toEqual([["Installing"], ["Next steps"]]);
    // A page whose only h1 is the site's name keeps it (the page is headed by an h2 under it).
    const single = parseHtml("<html><head><title>Intro — Acme Docs</title></head><body><h1>Acme Docs</h1><h2>Intro</h2><p>x</p></body></html>");
    expect(single.content.startsWith("Acme Docs")).toBe(true);
  });

  it("drops a banner h1 linking home that the title does not say, when a later heading names the page (Exim's)", () => {
    const page = (title: string, heading: string) =>
      parseHtml(`<html><head><title>${title}</title></head><body><h1 id="header"><a href="http://www.exim.org">Exim Internet Mailer</a></h1>
<div id="outer"><ul class="nav"><li><a href="https://www.exim.org/index.html">Home</a></li><li><a href="https://www.exim.org/docs.html">Documentation</a></li></ul>
<div id="content"><h2><a href="ch-address_rewriting.html">${heading}</a></h2><p>Exim rewrites unqualified addresses.</p>
<h3>1. Explicitly configured address rewriting</h3><p>Rules in the rewrite section.</p></div></div></body></html>`);
    const exim = page("31. Address rewriting", "Chapter 31 - Address rewriting");
    expect(exim.title).toBe("31. Address rewriting");
    expect(exim.content.startsWith("Chapter 31 - Address rewriting\n\nExim rewrites")).toBe(true);
    expect(exim.sections.map((s) => s.headings)).toEqual([
      ["Chapter 31 - Address rewriting"],
      ["Chapter 31 - Address rewriting", "1. Explicitly configured address rewriting"],
    ]);
    // No heading says the title: the h1 may be the page's own name, and stays.
    expect(page("Rewriting rules", "Overview").content.startsWith("Exim Internet Mailer")).toBe(true);
    // The title says the h1's text: the rules for a site's name in the title decide, as before.
    expect(page("Exim Internet Mailer", "Chapter 31 - Address rewriting").content.startsWith("Exim Internet Mailer")).toBe(true);
    // An h1 that links elsewhere than the site's home (a canonical address, a post), or stands in the article, stays.
    const canonical = (href: string, around = (h1: string) => h1) =>
      parseHtml(`<html><head><title>Installation — Foo 1.0</title></head><body>${around(`<h1><a href="${href}">Installing Foo</a></h1>`)}
<p>Foo installs with one command.</p><h2>Installation on Windows</h2><p>Use the installer.</p></body></html>`);
    expect(canonical("https://foo.org/docs/install/").content.startsWith("Installing Foo")).toBe(true);
    expect(canonical("/", (h1) => `<article>${h1}`).content.startsWith("Installing Foo")).toBe(true);
    expect(canonical("https://foo.org/").content.startsWith("Foo installs")).toBe(true);
    // The title's first part must be said in whole words: "api" is not in "Rapid prototyping".
    const api = parseHtml(
      `<html><head><title>API</title></head><body><h1><a href="/">The Widget Reference</a></h1><p>x</p><h2>Rapid prototyping</h2><p>y</p></body></html>`,
    );
    expect(api.content.startsWith("The Widget Reference")).toBe(true);
    // An h1 of plain text, no link home, stays.
    const plain = parseHtml(
      "<html><head><title>31. Address rewriting</title></head><body><h1>Exim Internet Mailer</h1><h2>Chapter 31 - Address rewriting</h2><p>x</p></body></html>",
    );
    expect(plain.content.startsWith("Exim Internet Mailer")).toBe(true);
  });

  it("keeps a section whose id is a chrome word when its heading follows an empty anchor (Sphinx's 'Cookies' API section)", () => {
    const parsed = parseHtml(
      `<main><p>${"Requests has a few more utilities. ".repeat(8)}</p><section id="cookies"><span id="api-cookies"></span><h2>Cookies</h2><p>dict_from_cookiejar returns a key/value dictionary from a CookieJar.</p></section><div class="cookie-banner">We use cookies. <a href="/privacy">Privacy</a> <a href="/ok">OK</a></div></main>`,
    );
    expect(parsed.content.endsWith("\n\nCookies\n\ndict_from_cookiejar returns a key/value dictionary from a CookieJar.")).toBe(true);
  });

  it("titles a page without <title> or <h1> by the heading it opens with, not by a later section's", () => {
    expect(parseHtml("<h2>A Quick Guide to Go's Assembler</h2><p>This document is a quick outline.</p>").title).toBe("A Quick Guide to Go's Assembler");
    expect(parseHtml("<p>Represents a JSON value.</p><h2>Public Types</h2><p>enum ValueType</p>").title).toBeUndefined();
  });

  it("does not take a page for a listing because its body's class names a language (lang-en, language-en)", () => {
    const parsed = parseHtml(`<html><body class="language-en"><div class="bar"><a href="/a">Alpha</a> <a href="/b">Beta</a> <a href="/c">Gamma</a></div>
<div class="content"><h1>Guide</h1><p>${"The guide's text. ".repeat(20)}</p></div><div class="bar2"><a href="/x">Home</a> | <a href="/y">Contact</a></div></body></html>`);
    expect(parsed.content.startsWith("Guide\n\nThe guide's text.")).toBe(true);
    expect(parsed.content).not.toContain("Alpha");
  });

  it("keeps a listing's lines whose names link, as Doxygen draws code (div.fragment > div.line), where a bar of links goes", () => {
    const parsed =
      parseHtml(`<div class="contents"><p>Example of usage:</p><div class="fragment"><div class="line"><a class="code" href="a.html#x">CPPUNIT_ASSERT_ASSERTION_FAIL</a>( <a class="code" href="a.html#y">CPPUNIT_ASSERT</a>( 1 == 2 ) );</div>
<div class="line"><a class="code" href="a.html#z">CPPUNIT_ASSERT_ASSERTION_PASS</a>( <a class="code" href="a.html#y">CPPUNIT_ASSERT</a>( 1 == 1 ) );</div></div>
</div><div class="navpath"><ul><li><a href="index.html">Main Page</a></li><li><a href="modules.html">Modules</a></li></ul></div>`);
    expect(parsed.content).toBe(
      "Example of usage:\n\nCPPUNIT_ASSERT_ASSERTION_FAIL( CPPUNIT_ASSERT( 1 == 2 ) );\nCPPUNIT_ASSERT_ASSERTION_PASS( CPPUNIT_ASSERT( 1 == 1 ) );",
    );
  });

  it("keeps a Javadoc page's title heading in its 'header', and drops a texinfo 'header' of next / up links and a link-only 'contents'", () => {
    const javadoc = parseHtml(`<html><head><title>FileUtils (Commons IO API)</title></head><body><header role="banner"><nav>Overview Package</nav></header>
<main role="main"><div class="header"><div class="subTitle">Package <a href="package-summary.html">org.example.io</a></div><h2 title="Class FileUtils" class="title">Class FileUtils</h2></div>
<div class="contentContainer"><div class="block">General file manipulation utilities.</div><h3>Method Summary</h3><p>copyFile copies a file.</p></div></main></body></html>`);
    expect(javadoc.content).toBe(
      "Package org.example.io\n\nClass FileUtils\n\nGeneral file manipulation utilities.\n\nMethod Summary\n\ncopyFile copies a file.",
    );
    expect(javadoc.sections.map((s) => s.headings)).toEqual([[], ["Class FileUtils"], ["Class FileUtils", "Method Summary"]]);

    const texinfo = parseHtml(`<html><head><title>Shell Syntax (Bash Reference Manual)</title></head><body>
<div class="contents"><h2 class="contents-heading">Table of Contents</h2><ul><li><a href="#Intro">1 Introduction</a></li><li><a href="#Syntax">2 Shell Syntax</a></li></ul></div>
<div class="section" id="Shell-Syntax"><div class="header"><p>Next: <a href="#Commands" rel="next">Shell Commands</a>, Up: <a href="#Basic" rel="up">Basic Shell Features</a> &nbsp; [<a href="#SEC_Contents" rel="contents">Contents</a>]</p></div>
<h3 class="section">3.1 Shell Syntax</h3><p>When the shell reads input, it proceeds through a sequence of operations.</p></div></body></html>`);
    expect(texinfo.content).toBe("3.1 Shell Syntax\n\nWhen the shell reads input, it proceeds through a sequence of operations.");

    // A "contents" of prose is kept even when it holds a minor share of the page (a short Doxygen page).
    const prose = parseHtml(
      `<body><div class="contents"><p>Returns the number of <a href="#foo">foos</a>.</p></div><div><h2>Notes</h2><p>${"Long text. ".repeat(10)}</p></div></body>`,
    );
    expect(prose.content.startsWith("Returns the number of foos.\n\nNotes")).toBe(true);
  });

  it("drops a pager bar laid out in a table (texi2html) and a linked generator credit, not a sentence about the index", () => {
    const parsed = parseHtml(`<html><head><title>gettext: 1. Introduction</title></head><body>
<table cellpadding="1" border="0"><tr><td>[ &lt;&lt; ]</td><td>[<a href="g_2.html" title="Next chapter"> &gt;&gt; </a>]</td><td> &nbsp; </td>
<td>[<a href="toc.html#Top">Top</a>]</td><td>[<a href="toc.html#Contents">Contents</a>]</td><td>[<a href="g_21.html">Index</a>]</td><td>[<a href="abt.html"> ? </a>]</td></tr></table>
<h1>1. Introduction</h1><p>This chapter explains the goals.</p><p>Look terms up in the <a href="g_21.html">Index</a> or the <a href="toc.html">Contents</a>.</p>
<table><tr><td><a href="next.html">Next</a></td><td><a href="g_2.html">2. The User's View</a></td></tr></table>
<table cellpadding="1" border="0"><tr><td>[<a href="g_1.html#SEC1" title="Beginning of this chapter"> &lt;&lt; </a>]</td><td>[<a href="g_2.html"> &gt;&gt; </a>]</td></tr></table>
<p><font size="-1">This document was generated by <em>Jane Doe</em> on <em>July, 26 2020</em> using <a href="https://www.nongnu.org/texi2html/"><em>texi2html 1.78a</em></a>.</font></p>
<p>Created by the installer, the catalog holds the translations.</p></body></html>`);
    expectAbsent(parsed.content, ["[ <<", ">> ]", "[Top]", "?", "texi2html", "Jane Doe"]);
    expect(parsed.content).toBe(
      [
        "1. Introduction",
        "This chapter explains the goals.",
        "Look terms up in the Index or the Contents.",
        "Next | 2. The User's View",
        "Created by the installer, the catalog holds the translations.",
      ].join("\n\n"),
    );
  });

  it("drops a credit whose subject is the site or its gallery ('Gallery generated by Sphinx-Gallery'), and keeps such words in a sentence", () => {
    const page = (last: string) => parseHtml(`<main><h1>Thresholding</h1><p>Thresholding makes a binary image.</p><pre>plt.show()</pre>${last}</main>`).content;
    expect(page('<p class="sphx-glr-signature"><a href="https://sphinx-gallery.github.io">Gallery generated by Sphinx-Gallery</a></p>')).toBe(
      "Thresholding\n\nThresholding makes a binary image.\n\nplt.show()",
    );
    expect(page('<p>Site built with <a href="https://www.mkdocs.org">MkDocs</a>.</p>')).not.toContain("MkDocs");
    expect(page('<p>Code generated by <a href="https://protobuf.dev">protoc</a> is left as it is.</p>')).toContain("protoc is left as it is.");
  });

  it("drops a short note whose links all lead to what the page leaves out (sphinx-gallery's 'Click here to download'), and keeps one that leads to text", () => {
    const note = (target: string, words = "to download the full example code") =>
      `<div class="admonition note"><p class="admonition-title">Note</p><p>Click <a href="#${target}">here</a> ${words}</p></div>`;
    const footer = '<div class="sphx-glr-footer" id="dl"><p><a download href="../_downloads/plot_x.py">Download Python source code: plot_x.py</a></p></div>';
    const page = (before: string, after = footer) =>
      parseHtml(
        `<main>${before}<section id="thr"><h1>Thresholding</h1><p id="why">Thresholding makes a binary image.</p><pre>plt.show()</pre>${after}</section></main>`,
      ).content;
    expect(page(note("dl"))).toBe("Thresholding\n\nThresholding makes a binary image.\n\nplt.show()");
    // A link to the page's text, to an id the page lacks, or beside a link elsewhere: the note stays.
    expect(page(note("why", "to see why"))).toContain("Click here to see why");
    expect(page(note("nowhere"))).toContain("Click here to download");
    // An id that two elements carry names the first of them, as getElementById finds it: text, then the note stays.
    const twice = footer.replace('id="dl"', 'id="twice"');
    expect(page(note("twice"), `<p id="twice">In short.</p>${twice}`)).toContain("Click here to download");
    expect(page(note("twice"), `${twice}<p id="twice">In short.</p>`)).not.toContain("Click here");
    expect(page(note("dl", 'or <a href="https://mybinder.org">run it</a> in Binder'))).toContain("Click here or run it in Binder");
    // Two notes that lead to each other lead to no chrome; nor does one that leads into a bare list of links.
    const pair = '<p id="a"><a href="#b">see below</a></p><p id="b"><a href="#a">see above</a></p>';
    expect(page(pair)).toContain("see below\n\nsee above");
    const links = '<ul id="more"><li><a href="a.html">Alpha</a></li><li><a href="b.html">Beta</a></li><li><a href="c.html">Gamma</a></li></ul>';
    expect(page('<p><a href="#more">More examples</a></p>', links)).toContain("More examples");
    // A note that leads to an entry of the page, all of it in a wrapper whose class names chrome (Read the Docs').
    const wrapped = parseHtml(`<section class="wy-nav-content-wrap"><h1>Asyncio</h1><dl><dt id="loop">class AsyncIOMainLoop</dt>
<dd><p>Bridges the loops.</p><p>Changed in version 5.0: closing an <a href="#loop">AsyncIOMainLoop</a> closes the loop.</p></dd></dl></section>`);
    expect(wrapped.content).toContain("Changed in version 5.0: closing an AsyncIOMainLoop closes the loop.");
  });

  it("drops '#' links that toggle (YARD's 'collapse', 'show all'), but not one a sentence runs through (Doxygen's hidden e-mail)", () => {
    const parsed = parseHtml(`<html><head><title>Class: Cri::Command</title></head><body><div id="content"><h1>Class: Cri::Command</h1>
<dl><dt>Inherits:</dt><dd>Object<ul class="fullTree"><li>Object</li><li>Cri::Command</li></ul><a href="#" class="inheritanceTree">show all</a></dd></dl>
<h2>Instance Method Summary <small><a href="#" class="summary_toggle">collapse</a></small></h2><ul><li>#run(opts) ⇒ Object</li></ul>
<p>Written in 1997 by <a href="#" onclick="location.href='mai'+'lto:'+'jr'; return false;">Jane Roe</a>. If you find a bug, tell <a href="javascript:mail('jr')">me</a> about it.</p>
<p><a href="#">Back to top</a></p></div></body></html>`);
    expectAbsent(parsed.content, ["show all", "collapse", "Back to top"]);
    expect(parsed.content).toContain("Written in 1997 by Jane Roe. If you find a bug, tell me about it.");
    expect(parsed.sections.map((s) => s.headings.at(-1))).toEqual(["Class: Cri::Command", "Instance Method Summary"]);
  });

  it("drops a long column of links beside the page (Node.js's module list) and a banner table of links (Boost's), not an index page's list", () => {
    const modules = Array.from({ length: 40 }, (_, i) => `<li><a href="m${i}.html" class="nav-m${i}">Module number ${i}</a></li>`).join("");
    const text = Array.from({ length: 80 }, (_, i) => `<p>The file system call number ${i} opens, reads and closes files in the way POSIX describes.</p>`).join(
      "",
    );
    const page = parseHtml(`<html><head><title>File system</title></head><body>
<table width="100%"><tr><td><a href="index.html">Home</a></td><td><a href="libs.html">Libraries</a></td><td><a href="people.html">People</a></td><td><a href="faq.html">FAQ</a></td></tr></table>
<div id="column2" class="interior"><div id="intro"><a href="index.html">Node.js</a></div><ul>${modules}</ul></div>
<div id="column1" class="interior"><h1>File system</h1>${text}</div></body></html>`);
    expectAbsent(page.content, ["Module number 7", "Libraries", "People"]);
    expect(page.content).toContain("The file system call number 79 opens");
    // On a page of links the list is the page (a short one: a long one is a site's index, html-index-pages.test.ts).
    const few = Array.from({ length: 15 }, (_, i) => `<li><a href="m${i}.html" class="nav-m${i}">Module number ${i}</a></li>`).join("");
    const index = parseHtml(`<html><head><title>Index</title></head><body><div id="column1"><h1>Index</h1><ul>${few}</ul></div></body></html>`);
    expect(index.content).toContain("Module number 14");
  });

  it("reads an id's parts as chrome words only on a block of links (Django's #global-nav), not on entries named by identifiers", () => {
    const parsed = parseHtml(`<html><head><title>Making queries — Django</title></head><body>
<div id="hd"><h1><a href="index.html">Django documentation</a></h1><div id="global-nav"><a href="index.html">Home</a> | <a href="contents.html">Table of contents</a> | <a href="genindex.html">Index</a> | <a href="py-modindex.html">Modules</a></div></div>
<div id="bd"><h1>Making queries</h1><p>Django gives you a database-abstraction API.</p>
<dl><dt id="guc-search-path"><code>search_path</code> (<code>string</code>)</dt><dd>The order in which schemas are searched.</dd></dl>
<div id="related-objects"><span id="s-related"></span><p>Related objects are reached through managers.</p></div></div></body></html>`);
    expectAbsent(parsed.content, ["Table of contents", "Modules"]);
    for (const kept of ["search_path (string)", "The order in which schemas are searched.", "Related objects are reached through managers."]) {
      expect(parsed.content).toContain(kept);
    }
  });

  it("keeps link lists that belong to the text: beside a heading wrapped in divs (DocBook), in a list item (Javadoc), or an entry's whole text", () => {
    const bugs = Array.from(
      { length: 14 },
      (_, i) => `<li><a href="https://github.com/org/repo/issues/${i}">GitHub #${i}: <em>"flat_map doc misleading complexity"</em></a>.</li>`,
    ).join("");
    const filler = Array.from({ length: 100 }, (_, i) => `<p>Paragraph ${i} of the release notes explains what changed in the container library.</p>`).join("");
    const parsed = parseHtml(`<html><head><title>Release Notes</title></head><body><div class="chapter"><h2>Release Notes</h2>${filler}
<div class="section"><div class="titlepage"><div><div><h3 class="title">Boost 1.74 Release</h3></div></div></div>
<div class="itemizedlist"><ul class="itemizedlist"><li class="listitem">Fixed bugs: <div class="itemizedlist"><ul>${bugs}</ul></div></li></ul></div></div>
<ul class="summary-list"><li><div id="related-package-summary"><div class="caption"><span>Related Packages</span></div>
<div class="col-first"><a href="../package-summary.html">com.sun.security.auth</a></div><div class="col-last">Has <a href="p.html"><code>Principal</code></a>.</div></div></li></ul>
<dl><dt>All Implemented Interfaces:</dt><dd><code><a href="Source.html">Source</a></code></dd></dl>
<div><a href="javascript:closeAllFlips()">Contract All</a></div></div></body></html>`);
    for (const kept of ['GitHub #13: "flat_map doc misleading complexity"', "com.sun.security.auth", "All Implemented Interfaces:\nSource"]) {
      expect(parsed.content).toContain(kept);
    }
    // A script call without a target acts on the page, whatever it says.
    expectAbsent(parsed.content, ["Contract All"]);
  });

  it("keeps script links that are cross-references (Erlang's), in a sentence, wrapped in an inline element, or alone", () => {
    const parsed = parseHtml(`<html><head><title>Erlang -- Myths</title></head><body><div id="content"><h1>Myths</h1>
<p>Doing too much work in each NIF call will
    <span class="bold_code bc-13"><a href="javascript:erlhref('../../','erts','erl_nif.html#WARNING');">degrade responsiveness
    of the VM</a></span>. Be sure to read about <span class="bold_code"><a href="javascript:erlhref('x')">Long-running NIFs</a></span> first.</p>
<div class="REFTYPES"><span class="bold_code">T = <a href="javascript:erlhref('../../','erts','erlang.html#type-term');">term()</a></span></div>
<div><span class="toggle"><a href="javascript:toggle()">[−]</a></span> <a href="javascript:openMenu()">Menu</a></div></div></body></html>`);
    expect(parsed.content).toContain("will degrade responsiveness of the VM. Be sure to read about Long-running NIFs first.");
    // A script link that names something is a cross-reference wherever it stands; one that says "Menu" is a control.
    expect(parsed.content).toContain("T = term()");
    expectAbsent(parsed.content, ["[−]", "Menu"]);
  });

  it("drops a label that names a listing's language (VitePress's), not a word beside the listing that is not its language", () => {
    const block = (lang: string, label: string) =>
      `<div class="language-${lang}"><button title="Copy Code" class="copy"></button><span class="lang">${label}</span><pre class="shiki"><code><span class="line">npm add acme</span></code></pre></div>`;
    expect(parseHtml(`<main><h1>Install</h1><p>Add it:</p>${block("sh", "sh")}</main>`).content).toBe("Install\n\nAdd it:\n\nnpm add acme");
    expect(parseHtml(`<main><h1>Install</h1><p>Add it:</p>${block("sh", "Terminal")}</main>`).content).toBe("Install\n\nAdd it:\n\nTerminal\n\nnpm add acme");
    // 20,000 labels in one wrapper read in linear time: whether it holds a listing is asked once.
    quickly(() => parseHtml(`<main><h1>X</h1><div class="language-sh">${"<span>sh</span>".repeat(20_000)}<pre>x</pre></div></main>`), 5_000);
  });

  it("drops a link to the repository's editor that begins 'Edit' ('Edit page', Starlight's), but not one that goes elsewhere", () => {
    const footer = (href: string) =>
      `<main><h1>Install</h1><p>Run the installer.</p><footer><div class="meta"><a href="${href}"><span>Edit page</span></a></div></footer></main>`;
    expect(parseHtml(footer("https://github.com/acme/acme/edit/main/docs/install.md")).content).toBe("Install\n\nRun the installer.");
    expect(parseHtml(footer("/guides/editing/")).content).toBe("Install\n\nRun the installer.\n\nEdit page");
  });

  it("drops Sphinx's '[source]' from the entries it heads and an 'Edit this page' link, not a command named 'source' in a list", () => {
    const parsed = parseHtml(`<html><head><title>Developer Interface — Requests</title></head><body><div class="body" role="main">
<section id="api"><h1>Developer Interface</h1><dl class="py class"><dt class="sig sig-object py" id="requests.Session"><em class="property">class </em><span class="sig-prename">requests.</span><span class="sig-name">Session</span><a class="reference internal" href="_modules/requests/sessions.html#Session"><span class="viewcode-link"><span class="pre">[source]</span></span></a><a class="headerlink" href="#requests.Session">¶</a></dt>
<dd><p>A Requests session.</p></dd></dl>
<p>The builtins are:</p><ul><li><a href="source.html">source</a></li><li><a href="eval.html">eval</a></li></ul>
<p>Read the <a href="_modules/requests/sessions.html">source</a> to learn more.</p>
<div class="edit"><a href="https://git.example.org/requests/edit/main/docs/api.rst">Edit this page</a></div></section></div></body></html>`);
    expectAbsent(parsed.content, ["[source]", "Edit this page", "¶"]);
    expect(parsed.sections.map((s) => s.headings)).toEqual([
      ["Developer Interface"],
      ["Developer Interface", "class requests.Session"],
      ["Developer Interface"],
    ]);
    expect(parsed.content).toContain("The builtins are:\n\n- source\n- eval\n\nRead the source to learn more.");

    // A bare "Edit" to the repository's editor (Nim's), and "Suggest an edit", point elsewhere too; "edit" in a
    // sentence, or to a page of the site, is a word.
    const nim = parseHtml(`<main><h1>std/browsers</h1><a class="link-seesrc" href="https://github.com/nim-lang/Nim/edit/devel/lib/pure/browsers.nim#L1">Edit</a>
<p>Opens URLs.</p><p><a href="https://gitlab.com/org/repo/-/edit/main/page.md">Suggest an edit</a></p>
<p>To change it, <a href="edit.html">edit</a> the config file.</p><ul><li><a href="edit.html">Edit</a></li></ul></main>`);
    expect(nim.content).toBe("std/browsers\n\nOpens URLs.\n\nTo change it, edit the config file.\n\n- Edit");
  });

  it("finds the <main> of a short page beside a long navigation menu, leaving out the menu bar's h1 (mdBook's shape)", () => {
    const menu = Array.from({ length: 60 }, (_, i) => `<li><a href="ch${i}.html">Chapter ${i}: a long chapter title</a></li>`).join("");
    const parsed = parseHtml(`<html><head><title>Structs - The Book</title></head><body><nav id="sidebar"><ol>${menu}</ol></nav>
<div class="page"><div id="menu-bar" class="menu-bar"><h1 class="menu-title">The Book</h1></div>
<div id="content"><main><h1>Structs</h1><p>A struct groups related values.</p></main></div></div></body></html>`);
    expect(parsed.content).toBe("Structs\n\nA struct groups related values.");
    expect(parsed.title).toBe("Structs");
  });

  it("drops language bars and a page header that holds only the site's name, so the breadcrumb beside them goes too (the Apache manual's shape)", () => {
    const languages = (own: string, others: string[]) =>
      `<div class="toplang"><p><span>Available Languages: </span>${[own, ...others]
        .map((lang) =>
          lang === own
            ? `<a href="../${lang}/x.html" title="English">&nbsp;${lang}&nbsp;</a>`
            : `<a href="../${lang}/x.html" hreflang="${lang}" rel="alternate">&nbsp;${lang}&nbsp;</a>`,
        )
        .join(" |\n")}</p></div>`;
    const page = (others: string[]) =>
      parseHtml(`<html><head><title>mod_rewrite - Apache HTTP Server Version 2.4</title></head><body>
<div id="page-header"><p class="menu"><a href="../mod/index.html">Modules</a> | <a href="../glossary.html">Glossary</a></p><p class="apache">Apache HTTP Server Version 2.4</p></div>
<div id="path"><a href="https://www.apache.org/">Apache</a> &gt; <a href="https://httpd.apache.org/">HTTP Server</a> &gt; <a href="../index.html">Version 2.4</a> &gt; <a href="./index.html">Modules</a></div>
<div id="page-content"><div id="preamble"><h1>Apache Module mod_rewrite</h1>${languages("en", others)}<p>Provides a rule-based rewriting engine.</p></div>
<div class="section"><h2>Logging</h2><p>Set the log level with LogLevel.</p></div></div>
<div class="bottomlang">${languages("en", others).replace(/<\/?div[^>]*>/g, "")}</div><div id="footer"><p class="apache">Copyright 2026 The Apache Software Foundation.</p></div></body></html>`);
    for (const others of [["fr"], ["de", "fr", "ja"]]) {
      const parsed = page(others);
      expect(parsed.content).toBe("Apache Module mod_rewrite\n\nProvides a rule-based rewriting engine.\n\nLogging\n\nSet the log level with LogLevel.");
      expect(parsed.title).toBe("Apache Module mod_rewrite");
    }
    // A header that says a later part of the title is the site's name, even where the h1 does not repeat the first.
    const os2 = parseHtml(`<html><head><title>mpmt_os2 - Apache HTTP Server Version 2.4</title></head><body>
<div id="page-header"><p class="apache">Apache HTTP Server Version 2.4</p></div><div id="page-content"><h1>Apache MPM os2</h1><p>Hybrid multi-process.</p></div></body></html>`);
    expect(os2.content).toBe("Apache MPM os2\n\nHybrid multi-process.");
    // A header is the page's title where no <h1> says it elsewhere (Doxygen's), and a sentence that links other
    // languages is text.
    const doxygen = parseHtml(`<title>libfoo: Bar Class Reference</title><div id="page-header"><div class="title">Bar Class Reference</div></div>
<div class="contents"><p>Reads <a href="de.html" hreflang="de">the German</a> or <a href="fr.html" hreflang="fr">the French</a> edition of this manual, which the translators keep current.</p></div>`);
    expect(doxygen.content).toContain("Bar Class Reference");
    expect(doxygen.content).toContain("Reads the German or the French edition");
  });

  it("keeps a page-level <header> that holds the page's own h1 (gi-docgen's), and drops one that holds the site's name", () => {
    const parsed = parseHtml(`<html><head><title>Gtk.Button</title></head><body><nav class="sidebar"><a href="index.html">Gtk</a></nav>
<section id="main" class="content"><header><h3>Class</h3><h1><a href="index.html">Gtk</a>.<a href="class.Button.html">Button</a></h1></header>
<section><p>The GtkButton widget is generally used to trigger a callback.</p><h1 id="css-nodes">CSS nodes</h1><p>A single CSS node.</p></section></section></body></html>`);
    expect(parsed.content).toBe("Class\n\nGtk.Button\n\nThe GtkButton widget is generally used to trigger a callback.\n\nCSS nodes\n\nA single CSS node.");
    const blog = parseHtml(
      `<html><head><title>Release 2.0 | The Foo Blog</title></head><body><header><h1>The Foo Blog</h1></header><div><h2>Release 2.0</h2><p>Out today.</p></div></body></html>`,
    );
    expect(blog.content).toBe("Release 2.0\n\nOut today.");
  });

  it("keeps a <header> holding the page's only h1 when it names what the title names in other words (odoc's), not a site's", () => {
    const odoc = parseHtml(`<html><head><title>Time_Zone (calendar.CalendarLib.Time_Zone)</title></head><body class="odoc">
<nav class="odoc-nav"><a href="../index.html">Up</a> – <a href="../../index.html">calendar</a> » Time_Zone</nav>
<header class="odoc-preamble"><h1>Module <code><span>CalendarLib.Time_Zone</span></code></h1><p>Time zone management.</p></header>
<div class="odoc-content"><div class="odoc-spec"><code>type t</code></div></div></body></html>`);
    expect(odoc.title).toBe("Module CalendarLib.Time_Zone");
    expect(odoc.content).toBe("Module CalendarLib.Time_Zone\n\nTime zone management.\n\ntype t");
    // A header whose only h1 names nothing of the title, or links home, is the site's.
    for (const h1 of ["Acme Documentation", '<a href="/">Acme Time Library</a>']) {
      const site = parseHtml(`<html><head><title>Time zones - Acme</title></head><body><header><h1>${h1}</h1><p>Fast and small.</p></header>
<div class="content"><h2>Time zones</h2><p>Zones are read from tzdata.</p></div></body></html>`);
      expect(site.content).toContain("Zones are read from tzdata.");
      expect(site.content).not.toContain("Fast and small.");
    }
  });

  it("drops MediaWiki's tagline, subtitle and category box (cppreference's) and a button-styled control, not a sentence about buttons", () => {
    const parsed = parseHtml(`<html><head><title>std::vector::push_back - cppreference.com</title></head><body><div id="content">
<h1 id="firstHeading" class="firstHeading">std::vector::push_back</h1><div id="bodyContent"><div id="siteSub">From cppreference.com</div>
<div id="contentSub"><span class="mw-redirectedfrom">(Redirected from <a href="append.html">std::vector::append</a>)</span></div>
<div id="mw-content-text"><p>Appends the given element value to the end of the container.</p>
<div class="t-example"><div class="t-example-live-link"><div class="coliru-btn coliru-btn-run-init">Run this code</div></div><pre>v.push_back(1);</pre></div>
<p>Press the <span class="guibutton">Run</span> button, or see <a class="btn-link" href="x.html">the constructors of std::vector and what each of them copies</a>.</p></div>
<div id="catlinks" class="catlinks catlinks-allhidden"><div class="mw-hidden-catlinks">Hidden category: <ul><li><a href="c.html">Pages with unreviewed CWG DR marker</a></li></ul></div></div></div></div></body></html>`);
    expect(parsed.content).toBe(
      "std::vector::push_back\n\nAppends the given element value to the end of the container.\n\nv.push_back(1);\n\nPress the Run button, or see the constructors of std::vector and what each of them copies.",
    );
  });

  it("drops man2html's table of contents, a <dl> of links to anchors left inside the unclosed <p> before each heading", () => {
    const parsed = parseHtml(`<HTML><HEAD><TITLE>Man page of XARGS</TITLE></HEAD><BODY><H1>XARGS</H1>
<A NAME="lbAB">&nbsp;</A><H2>NAME</H2>xargs - build and execute command lines
<A NAME="lbAC">&nbsp;</A><H2>DESCRIPTION</H2><P>This manual page documents xargs.<P>It reads items.
<A NAME="lbAD">&nbsp;</A><H2>OPTIONS</H2><P>-0 Input items end with a null.
<HR><A NAME="index">&nbsp;</A><H2>Index</H2><DL><DT><A HREF="#lbAB">NAME</A><DD><DT><A HREF="#lbAC">DESCRIPTION</A><DD>
<DT><A HREF="#lbAD">OPTIONS</A><DD></DL><HR></BODY></HTML>`);
    expect(parsed.content).toBe(
      "XARGS\n\nNAME\n\nxargs - build and execute command lines\n\nDESCRIPTION\n\nThis manual page documents xargs.\n\nIt reads items.\n\nOPTIONS\n\n-0 Input items end with a null.\n\nIndex",
    );
    // Terms that head entries are no table of contents, though they link to headings (pod2html's methods to override).
    const pod = parseHtml(`<body><h1 id="METHODS">METHODS</h1><h3 id="new">new</h3><p>Makes one.</p><h1 id="SUBCLASSING">SUBCLASSING</h1>
<p>Override these:</p><dl><dt id="new1"><a href="#new">"new"</a></dt><dd></dd><dt id="runtests1"><a href="#METHODS">"runtests"</a></dt><dd></dd></dl></body>`);
    expect(pod.content).toContain('"runtests"');
  });

  it("drops a chapter page's table of contents by its name, though it is most of the page, and keeps a block so named of text", () => {
    // DocBook's chapter page: the chapter's sections, each on a page of its own, then a few lines of introduction.
    const entries = ["2.1. Supported Hardware", "2.2. Devices Requiring Firmware", "2.3. Purchasing Hardware", "2.4. Installation Media"]
      .map((title, i) => `<dt><span class="sect1"><a href="ch02s0${i + 1}.html">${title}</a></span></dt>`)
      .join("");
    const chapter = parseHtml(`<html><head><title>Chapter 2. System Requirements</title></head><body><div class="chapter">
<div class="titlepage"><h1 class="title">Chapter 2. System Requirements</h1></div>
<div class="toc"><p><b>Table of Contents</b></p><dl class="toc">${entries}</dl></div>
<p>This section tells what hardware you need.</p></div></body></html>`);
    expect(chapter.content).toBe("Chapter 2. System Requirements\n\nThis section tells what hardware you need.");
    // A block named for contents that is mostly text (a "toc" class on a page's whole text) is the page.
    const text = parseHtml(`<body><h1>Setup</h1><div class="toc-body"><p>Install the tools first, then <a href="a.html">configure</a> them.</p>
<p>Read <a href="b.html">the guide</a> and <a href="c.html">the FAQ</a> before you start.</p></div></body>`);
    expect(text.content).toBe("Setup\n\nInstall the tools first, then configure them.\n\nRead the guide and the FAQ before you start.");
  });

  it("drops a list of nothing but links into the page (its table of contents), not footnotes or a list of other pages", () => {
    const parsed = parseHtml(`<html><head><title>mod_session</title></head><body><main><h1>Apache Module mod_session</h1><p>Session support.</p>
<h3>Topics</h3><ul id="topics"><li><a href="#whatisasession">What is a session?</a></li><li><a href="#serversession">Keeping sessions on the server</a></li></ul>
<h2 id="whatisasession">What is a session?</h2><p>At the core of the session interface is a table of keys and values.<a href="#fn1">[1]</a></p>
<h2 id="serversession">Keeping sessions on the server</h2><p>Use mod_session_dbd.</p><p>See:</p><ul><li><a href="mod_session_dbd.html">mod_session_dbd</a></li></ul>
<ol class="footnotes"><li id="fn1">Tables are kept per request. <a href="#ref1">↩</a></li></ol></main></body></html>`);
    expectAbsent(parsed.content, ["- What is a session?", "- Keeping sessions on the server"]);
    for (const kept of ["- mod_session_dbd", "1. Tables are kept per request."]) expect(parsed.content).toContain(kept);
  });

  it("keeps a Doxygen header's title beside an h1 of the text, a heading's link list, and button-styled words in a sentence; leaves a site-name header and title alone", () => {
    // A site header whose h1 is the title's site part, beside the text's own h1: the site's, as before.
    const acme = parseHtml(`<html><head><title>Acme Docs | Installing</title></head><body><header><h1>Acme Docs</h1><p>Fast widgets for everyone</p></header>
<div><h1>Installing</h1><p>Run the installer.</p></div></body></html>`);
    expect(acme.content).toBe("Installing\n\nRun the installer.");
    // Doxygen: the title sits in a header, and a \section of the text is an h1 that says something else.
    const doxygen =
      parseHtml(`<html><head><title>libfoo: Bar Class Reference</title></head><body><div class="header"><div class="title">Bar Class Reference</div></div>
<div class="contents"><h1>Usage</h1><p>Make a Bar and call run().</p></div></body></html>`);
    expect(doxygen.content).toBe("Bar Class Reference\n\nUsage\n\nMake a Bar and call run().");
    // A heading whose id is a chrome word still heads its list of links.
    const related = parseHtml(`<html><body><main><h1>Widgets</h1><p>Widgets spin.</p><div><h2 id="related">Related</h2>
<ul><li><a href="gadgets.html">Gadgets</a></li><li><a href="gizmos.html">Gizmos</a></li></ul></div></main></body></html>`);
    expect(related.content).toBe("Widgets\n\nWidgets spin.\n\nRelated\n\n- Gadgets\n- Gizmos");
    const buttons = parseHtml(
      `<html><body><main><h1>Setup</h1><p>Read the <a class="btn btn-link" href="api.html">API reference</a> first. Click <span class="btn">Save</span> to keep it.</p></main></body></html>`,
    );
    expect(buttons.content).toBe("Setup\n\nRead the API reference first. Click Save to keep it.");
    expect(parseHtml("<html><head><title>API - Acme API Docs</title></head><body><h1>Acme API Docs</h1><p>x</p></body></html>").title).toBe(
      "API - Acme API Docs",
    );
    // A title's first part inside a longer word of the h1 is no match ("Set" in "Settings").
    expect(parseHtml("<html><head><title>Set - Site</title></head><body><h1>Settings</h1><p>x</p></body></html>").title).toBe("Set - Site");
  });

  it("drops a summary that only names its toggle, and a toggle link inside a heading", () => {
    const parsed =
      parseHtml(`<main><h2>Options <a href="javascript:toggle()">[hide]</a></h2><details><summary>Show more</summary><p>Hidden detail.</p></details>
<details><summary>Show the full table of options</summary><p>Table.</p></details></main>`);
    expect(parsed.content).toBe("Options\n\nHidden detail.\n\nShow the full table of options\n\nTable.");
  });
});

describe("parseHtml: listings, entries and titles of gtk-doc, Asciidoctor and Doxygen", () => {
  it("leaves out a listing's line numbers (a gutter column beside it, inline spans in it), not a <pre> of numbers elsewhere", () => {
    const parsed = parseHtml(`<main><h1>GtkDialog</h1><table class="listing_frame"><tr><td class="listing_lines"><pre>1
2
3</pre></td><td class="listing_code"><pre class="programlisting">GtkWidget *dialog;
dialog = gtk_dialog_new ();
gtk_widget_show (dialog);</pre></td></tr></table>
<pre><span class="linenos">1</span>import heapq
<span class="linenos">2</span>heapq.heapify(x)</pre>
<p>The query returns:</p><pre> 1
 2</pre></main>`);
    expect(parsed.content).toBe(
      "GtkDialog\n\nGtkWidget *dialog;\ndialog = gtk_dialog_new ();\ngtk_widget_show (dialog);\n\nimport heapq\nheapq.heapify(x)\n\nThe query returns:\n\n 1\n 2",
    );
  });

  it("heads an entry with the only term of a list whose wrapper is the link target (Asciidoctor's options)", () => {
    const parsed = parseHtml(`<main><h2>Configuration options</h2>
<div id="config_base_dir" class="dlist"><dl><dt class="hdlist1"><strong>base_dir</strong> (<strong>CCACHE_BASEDIR</strong>)</dt><dd><p>An absolute path.</p></dd></dl></div>
<div id="config_cache_dir" class="dlist"><dl><dt class="hdlist1"><strong>cache_dir</strong></dt><dd><p>Where the cache is.</p></dd></dl></div>
<div class="dlist"><dl><dt>plain</dt><dd><p>No target.</p></dd></dl></div></main>`);
    expect(parsed.sections.map((s) => s.headings.join(" › "))).toEqual([
      "Configuration options",
      "Configuration options › base_dir (CCACHE_BASEDIR)",
      "Configuration options › cache_dir",
      "Configuration options",
    ]);
  });

  it("keeps a Doxygen fragment's indentation, without its tooltips, and heads a page with its header's title over its own <h1>s", () => {
    // A project's own header without a <title>.
    const parsed = parseHtml(`<html><head></head><body>
<div class="header"><div class="headertitle"><div class="title">The Matrix class<div class="ingroups"><a class="el" href="group__Dense.html">Dense matrix and array manipulation</a></div></div></div></div>
<div class="contents"><div class="textblock"><p>All matrices are objects of the Matrix class.</p>
<div class="fragment"><div class="line"><span class="keywordtype">int</span> main()</div>
<div class="line">{</div>
<div class="line">  MatrixXd m(2,2);</div>
<div class="line">}</div>
</div><!-- fragment --><div class="ttc" id="aclassEigen_1_1Matrix_html"><div class="ttname"><a href="classEigen_1_1Matrix.html">Eigen::Matrix</a></div><div class="ttdoc">The matrix class.</div></div>
<h1><a class="anchor" id="TutorialMatrixVectors"></a>Vectors</h1><p>Vectors are matrices of one column.</p></div></div></body></html>`);
    expect(parsed.content).toBe(
      "The Matrix class\n\nAll matrices are objects of the Matrix class.\n\nint main()\n{\n  MatrixXd m(2,2);\n}\n\nVectors\n\nVectors are matrices of one column.",
    );
    expect(parsed.sections.map((s) => s.headings.join(" › "))).toEqual(["The Matrix class", "The Matrix class › Vectors"]);
    expect(parsed.title).toBe("The Matrix class");
    // A header's title that is the site's name, on a page with its own <h1>, heads nothing.
    const site = parseHtml(
      `<html><head><title>Installing - Acme Docs</title></head><body><div class="header"><span class="title">Acme Docs</span></div><h1>Installing</h1><p>Run it.</p></body></html>`,
    );
    expect(site.sections.map((s) => s.headings.join(" › "))).toEqual(["Installing"]);
  });
});

describe("parseHtml: qdoc's bars, RDoc's methods, index letters and gtk-doc's book title", () => {
  it("drops qdoc's breadcrumb bar and its prev/next bar, whose links say the other pages' titles", () => {
    const parsed = parseHtml(`<html><head><title>Customizing Qt Widgets Using Style Sheets | Qt Widgets 5.15.8</title></head><body>
<div class="navigationbar"><table><tr><td><ul><li>Qt 5.15</li><li><a href="qtwidgets-index.html">Qt Widgets</a></li><li>Customizing Qt Widgets Using Style Sheets</li></ul></td></tr></table></div>
<p class="naviNextPrevious headerNavi"><a class="prevPage" href="designer.html">Qt Designer Integration</a><span class="naviSeparator">  &#9702;  </span><a class="nextPage" href="reference.html">Qt Style Sheets Reference</a></p>
<h1 class="title">Customizing Qt Widgets Using Style Sheets</h1><p>Each widget is a box.</p>
<p class="naviNextPrevious footerNavi"><a class="prevPage" href="designer.html">Qt Designer Integration</a><span class="naviSeparator">  &#9702;  </span><a class="nextPage" href="reference.html">Qt Style Sheets Reference</a></p>
</body></html>`);
    expect(parsed.content).toBe("Customizing Qt Widgets Using Style Sheets\n\nEach widget is a box.");
  });

  it("heads each RDoc method with its name and arguments, without 'click to toggle source'", () => {
    const parsed = parseHtml(`<main><section><header><h3>Public Instance Methods</h3></header>
<div id="method-i-write" class="method-detail"><div class="method-heading"><span class="method-name">write</span><span class="method-args">(output, target)</span><span class="method-click-advice">click to toggle source</span></div>
<div class="method-description"><p>Write the output to the specified file.</p></div></div>
<div id="method-i-save" class="method-detail"><div class="method-heading"><span class="method-name">save</span><span class="method-args">()</span><span class="method-click-advice">click to toggle source</span></div>
<div class="method-description"><p>Save it.</p></div></div></section></main>`);
    expect(parsed.sections.map((s) => s.headings.join(" › "))).toEqual([
      "Public Instance Methods",
      "Public Instance Methods › write(output, target)",
      "Public Instance Methods › save()",
    ]);
    expect(parsed.content).not.toContain("click to toggle");
  });

  it("drops a bar of index letters, and says gtk-doc's 'Book: Book' title once", () => {
    const letters = ["A", "B", "C", "D", "E", "F"].map((l) => `<a href="#${l}">${l}</a>`).join(" ");
    const parsed = parseHtml(`<html><head><title>GTK+ 3 Reference Manual: GTK+ 3 Reference Manual</title></head><body><h2>Index</h2>
<p style="text-align: center;">${letters} | <a href="#misc">-- misc --</a></p><p>Jump to: ${letters}</p><dl><dt>abort</dt><dd>Stop.</dd></dl></body></html>`);
    expect(parsed.title).toBe("GTK+ 3 Reference Manual");
    expect(parsed.content).toBe("Index\n\nabort\nStop.");
  });

  it("sets every cell after a row's first apart by '|', an empty one's too, so a header row stays over its columns", () => {
    const grid = "<table><tr><th></th><th>Lookup</th><th>Insertion</th></tr><tr><td>QList</td><td>O(1)</td><td>O(n)</td></tr></table>";
    expect(parseHtml(`<main><h1>Costs</h1>${grid}</main>`).content).toBe("Costs\n\n| Lookup | Insertion\nQList | O(1) | O(n)");
    // Empty cells amid a row hold their columns (SciPy's table of root finders, Wireshark's of display filters);
    // at a row's end they separate nothing.
    const methods =
      "<table><tr><th>Method</th><th>Bracket</th><th>Derivative</th><th>Order</th><th>Notes</th></tr>" +
      "<tr><td>bisect</td><td>x</td><td> </td><td>&nbsp;</td><td>slow</td></tr><tr><td>newton</td><td></td><td>x</td><td>2</td><td></td></tr></table>";
    expect(parseHtml(`<main><h1>Root finding</h1>${methods}</main>`).content).toBe(
      "Root finding\n\nMethod | Bracket | Derivative | Order | Notes\nbisect | x |  |  | slow\nnewton |  | x | 2",
    );
  });

  it("keeps a row on its line where each cell is one paragraph (Docutils' HTML5 writer), and a layout cell's paragraphs apart", () => {
    const cells = (...texts: string[]) => texts.map((text) => `<td><p>${text}</p></td>`).join("");
    const table = `<table><tr><th><p>Form</p></th><th><p>Description</p></th></tr><tr>${cells("str or ch", "Display the string.")}</tr></table>`;
    expect(parseHtml(`<main><h1>Forms</h1>${table}<p>After.</p></main>`).content).toBe(
      "Forms\n\nForm | Description\nstr or ch | Display the string.\n\nAfter.",
    );
    // A page laid out in a table: the cell holds the page's paragraphs, which stay paragraphs.
    const layout = `<table><tr><td><a href="/">Home</a></td><td><h1>Guide</h1><p>First paragraph.</p><p>Second paragraph.</p></td></tr></table>`;
    expect(parseHtml(`<body>${layout}</body>`).content).toContain("First paragraph.\n\nSecond paragraph.");
  });

  it("sets no '|' after a cell of nothing but a picture (DocBook's admonition icon beside its 'Note')", () => {
    const note = `<div class="note"><table border="0" summary="Note"><tr><td rowspan="2"><img alt="[Note]" src="images/note.png"></td>
<th align="left">Note</th></tr><tr><td><p>Kernels accept at most 32 options.</p></td></tr></table></div>`;
    expect(parseHtml(`<main><h1>Boot</h1><p>Before.</p>${note}</main>`).content).toBe("Boot\n\nBefore.\n\nNote\nKernels accept at most 32 options.");
  });

  it("reads Javadoc's summary tables, grids of <div>s, a row a line and its cells a '|' apart", () => {
    const grid = `<div class="summary-table three-column-summary"><div class="table-header col-first">Modifier and Type</div>
<div class="table-header col-second">Method</div><div class="table-header col-last">Description</div>
<div class="col-first even-row-color"><code>int</code></div><div class="col-second even-row-color"><code><a href="#available()">available</a>()</code></div>
<div class="col-last even-row-color"><div class="block">Returns an estimate of the number of bytes.</div></div>
<div class="col-first odd-row-color"><code>void</code></div><div class="col-second odd-row-color"><code>close()</code></div>
<div class="col-last odd-row-color"><div class="block">Closes this input stream.</div>\n</div></div>`;
    expect(parseHtml(`<main><h2>Method Summary</h2>${grid}<p>After.</p></main>`).content).toBe(
      "Method Summary\n\nModifier and Type | Method | Description\nint | available() | Returns an estimate of the number of bytes.\n" +
        "void | close() | Closes this input stream.\n\nAfter.",
    );
  });

  it("reads a signature laid out as a table (Doxygen's table.memname) as one line, beside its labels", () => {
    const parsed = parseHtml(`<main><h2>Constructor</h2><div class="memproto"><table class="mlabels"><tr><td class="mlabels-left">
<table class="memname"><tr><td class="memname">Eigen::LLT::LLT </td><td>(</td><td class="paramtype">const Index&#160;</td><td class="paramname"><em>size</em>, </td></tr>
<tr><td></td><td></td><td class="paramtype">bool&#160;</td><td class="paramname"><em>check</em> </td></tr><tr><td></td><td>)</td><td></td><td></td></tr></table>
</td><td class="mlabels-right"><span class="mlabels"><span class="mlabel">inline</span><span class="mlabel">explicit</span></span></td></tr></table></div>
<table><tr><td>(</td><td>a data table, not a signature: its cell is a whole sentence about what the parentheses mean in this notation, far longer than a parameter could be ever, so it stays a table of cells of its own, as the reader sees it on the page, row after row, cell after cell, and the rule leaves it as it is</td><td>)</td></tr></table></main>`);
    expect(parsed.content.split("\n\n").slice(0, 2)).toEqual(["Constructor", "Eigen::LLT::LLT(const Index size, bool check) | inline explicit"]);
    expect(parsed.content).toContain("( | a data table, not a signature");
  });

  it("heads each of BoostBook's member functions with its signature, a link target opening its list item", () => {
    const parsed = parseHtml(`<main><h3>vector public member functions</h3><div class="orderedlist"><ol class="orderedlist" type="1">
<li class="listitem"><pre class="literallayout"><span class="keyword">void</span> <a name="idm1-bb"></a><span class="identifier">assign</span>(InIt first, InIt last);</pre>
<p><strong>Effects</strong>: Assigns the range to *this.</p></li>
<li class="listitem"><pre class="literallayout"><span class="keyword">void</span> <a name="idm2-bb"></a>clear();</pre><p><strong>Effects</strong>: Erases all.</p></li>
</ol></div><p>After the list.</p>
<ol><li><pre>typename T</pre><p>A template parameter: no link target.</p></li></ol></main>`);
    expect(parsed.sections.map((s) => s.headings.join(" › "))).toEqual([
      "vector public member functions",
      "vector public member functions › void assign(InIt first, InIt last);",
      "vector public member functions › void clear();",
      "vector public member functions",
    ]);
    expect(parsed.content).toContain("After the list.\n\n1. typename T");
  });

  it("stays linear on a list of 20,000 terms without ids and an item of 20,000 listings", () => {
    const terms = Array.from({ length: 20_000 }, (_, i) => `<dt>term${i}</dt><dd>meaning ${i}</dd>`).join("");
    const glossary = parseHtml(`<main><h2>Glossary</h2><dl>${terms}</dl></main>`);
    expect(glossary.content).toContain("term19999\nmeaning 19999");
    const listings = Array.from({ length: 20_000 }, (_, i) => `<pre>code ${i}</pre>`).join("");
    expect(parseHtml(`<main><ul><li>${listings}</li></ul></main>`).content).toContain("code 19999");
  });

  it("stays linear on 5,000 text boxes outside a form and 10,000 summaries each over its full text", () => {
    const boxes = Array.from({ length: 5_000 }, (_, i) => `<tr><td>Field ${i}</td><td><input type="text" name="f${i}"/></td></tr>`).join("");
    const members = Array.from(
      { length: 10_000 },
      (_, i) =>
        `<li><h4>def member${i}</h4><p class="shortcomment">Returns the value number ${i}.</p><div class="fullcomment"><p>Returns the value number ${i}. In full.</p></div></li>`,
    ).join("");
    const parsed = quickly(() => parseHtml(`<body><h1>Form</h1><p>Fill it in.</p><table>${boxes}</table><ol>${members}</ol></body>`), 10_000);
    expect(parsed.content).not.toContain("Field 4999");
    expect(parsed.content.match(/Returns the value number 9999\./g)).toHaveLength(1);
  });

  it("stays linear on text inside 1,000 unclosed <div>s", () => {
    const paragraphs = Array.from({ length: 15_000 }, (_, i) => `<p>Paragraph ${i} of the manual explains one more option of the tool.</p>`).join("");
    const parsed = quickly(
      () => parseHtml(`<html><head><title>Manual</title></head><body><h1>Manual</h1>${"<div>".repeat(1000)}${paragraphs}</body></html>`),
      5_000,
    );
    expect(parsed.content.endsWith("Paragraph 14999 of the manual explains one more option of the tool.")).toBe(true);
  });

  it("leaves a blog post's header title, a labelled span, a list of short names and a year beside code as they are", () => {
    const blog = parseHtml(`<html><head></head><body><article><header><a class="title">First post</a></header><p>One.</p></article>
<article><header><a class="title">Second post</a></header><p>Two.</p></article></body></html>`);
    expect(blog.sections.every((s) => s.headings.length === 0)).toBe(true);
    const labelled = parseHtml(`<main><p>Some text <span class="sub-heading">Note:</span> goes on.</p></main>`);
    expect(labelled.content).toBe("Some text Note: goes on.");
    const names = ["C", "Go", "R", "D", "JS", "Rust"].map((n) => `<li><a href="${n}.html">${n}</a></li>`).join("");
    expect(parseHtml(`<main><h2>Languages</h2><ul>${names}</ul><p>Pick one.</p></main>`).content).toContain("- Rust");
    const years = parseHtml(`<main><table><tr><td>2019 2020</td><td><pre>release()</pre></td></tr></table></main>`);
    expect(years.content).toContain("2019 2020");
  });

  it("keeps a sidebar box amid a section's text (DocBook, docutils), drops a site's sidebar and a banner", () => {
    // Publican's DocBook book: a "Download the ebook" banner over every page, and "sidebar" boxes between paragraphs.
    const book = parseHtml(`<html><head><title>6.3. The apt-cache Command</title></head><body>
<div id="banner"><a href="http://debian-handbook.info/get/"><span class="text">Download the ebook</span></a></div>
<div class="section"><div class="titlepage"><div><div><h2 class="title">6.3. The apt-cache Command</h2></div></div></div>
<div class="para">The apt-cache command can display much of the information stored in APT's internal database.</div>
<div class="sidebar"><div class="titlepage"><div><div><p class="title"><strong>VOCABULARY Cache</strong></p></div></div></div>
<div class="para">A cache is a temporary storage system used to speed up frequent data access.</div></div>
<div class="para">It can also display the headers of the package's available versions.</div></div></body></html>`);
    expect(book.content).toContain("A cache is a temporary storage system");
    expect(book.content).toContain("VOCABULARY Cache");
    expectAbsent(book.content, ["Download the ebook"]);
    // A sidebar column beside the text, and a sidebar of links in it, are still the site's.
    const site = parseHtml(`<html><body><div class="sidebar"><p>About this blog: notes on databases, written since 2009.</p></div>
<div class="main"><h1>Post</h1><p>Text of the post.</p>
<div class="sidebar"><a href="/a">Archive</a> <a href="/b">Tags</a> <a href="/c">Feed</a></div><p>More text.</p></div></body></html>`);
    expect(site.content).toContain("Text of the post.");
    expectAbsent(site.content, ["About this blog", "Archive"]);
    // A sidebar before the page's title is the site's, however much text it holds; a class "banner" can be content
    // (a deprecation notice), and so is an id "banner" that holds a heading.
    const blog = parseHtml(`<html><body><div class="sidebar"><p>About the author: writes about databases since 2009.</p><p>Subscribe by RSS.</p></div>
<h1>Tuning WAL checkpoints</h1><p>The log grows until a checkpoint copies its pages back into the database file.</p>
<p>The wal_autocheckpoint pragma sets how many pages trigger one.</p></body></html>`);
    expectAbsent(blog.content, ["About the author", "Subscribe"]);
    const notices = parseHtml(`<main><h1>frobnicate()</h1><div class="banner"><p>Deprecated since 3.0: use twiddle().</p></div><p>Frobnicates.</p>
<div id="banner"><h2>Install</h2><p>Run npm install acme-db.</p></div></main>`);
    expect(notices.content).toContain("Deprecated since 3.0");
    expect(notices.content).toContain("Run npm install acme-db.");
    // A definition term's id names its entry, whatever chrome word it is (pod2html's Net::POP3 "banner()").
    const pod = parseHtml(`<main><h2>Methods</h2><dl><dt id="banner"><code>banner()</code></dt><dd><p>Returns the server's banner.</p></dd>
<dt id="search"><code>search()</code></dt><dd><p>Finds a message.</p></dd></dl></main>`);
    expect(pod.content).toContain("banner()");
    expect(pod.content).toContain("search()");
  });
});

describe("parseHtml: landmarks", () => {
  it("leaves out a block whose role is a landmark of the site's, however its text reads", () => {
    const parsed = parseHtml(`<html><head><title>T</title></head><body><div role="search"><p>Search the documentation of the toolkit.</p></div>
<div class="content"><h1>Guide</h1><p>Some text of the guide.</p></div></body></html>`);
    expect(parsed.content).toBe("Guide\n\nSome text of the guide.");
  });
});

describe("parseHtml: forms", () => {
  it("leaves out a form without prose below the text, whatever it is for", () => {
    const parsed = parseHtml(`<html><head><title>Guide</title></head><body><h1>Guide</h1>
<p>Some text of the guide that is long enough to count as the body of the page.</p>
<form action="/search"><label>Search the documentation</label><input name="q"></form></body></html>`);
    expect(parsed.content).toBe("Guide\n\nSome text of the guide that is long enough to count as the body of the page.");
  });
});

describe("parseHtml: headings", () => {
  it("takes a heading with no text (an anchor alone) for no heading, and its text for the section before", () => {
    const parsed = parseHtml(`<html><head><title>Guide</title></head><body><h1>Guide</h1><p>Intro text.</p>
<h2><a name="x"></a></h2><p>Under an empty heading.</p><h2>Usage</h2><p>Use it.</p></body></html>`);
    expect(parsed.content).toBe("Guide\n\nIntro text.\n\nUnder an empty heading.\n\nUsage\n\nUse it.");
    expect(parsed.sections.map((section) => section.headings)).toEqual([["Guide"], ["Guide", "Usage"]]);
  });

  it("names a page without a <title> by its first <h1>, though a lower heading comes before it", () => {
    expect(parseHtml("<html><body><h2>Install</h2><p>Run it.</p><h1>Widget guide</h1><p>Text.</p></body></html>").title).toBe("Widget guide");
  });

  it("keeps a heading's words that a script reacts to (a <span onclick>): in a heading only links are controls", () => {
    const parsed = parseHtml(`<html><head><title>Guide</title></head><body><h1>Guide</h1><p>Intro.</p>
<h2><span onclick="copyLink(this)">Installation</span></h2><p>Run the installer.</p></body></html>`);
    expect(parsed.content).toBe("Guide\n\nIntro.\n\nInstallation\n\nRun the installer.");
    expect(parsed.sections.map((section) => section.headings)).toEqual([["Guide"], ["Guide", "Installation"]]);
  });
});

describe("parseHtml: listings", () => {
  it("reads a <pre> inside a <pre> as lines of the one listing", () => {
    const parsed = parseHtml("<main><h1>T</h1><pre>line one\n<pre>inner</pre>\nline three</pre><p>After.</p></main>");
    expect(parsed.content).toBe("T\n\nline one\ninner\nline three\n\nAfter.");
  });

  it("keeps a listing whose names link where it stands apart from any paragraph, as a bar of links would (a Doxygen member's fragment)", () => {
    const parsed = parseHtml(`<html><head><title>assertEquals</title></head><body><h2>assertEquals()</h2><div class="memdoc">
<div class="fragment"><div class="line"><a class="code" href="a.html#x">CPPUNIT_ASSERT_EQUAL</a>( <a class="code" href="a.html#y">expected</a>, <a class="code" href="a.html#z">actual</a> );</div></div>
<dl class="section see"><dt>See also</dt><dd>The assertion macros, which report the file and the line of a check that fails.</dd></dl></div></body></html>`);
    expect(parsed.content).toBe(
      "assertEquals()\n\nCPPUNIT_ASSERT_EQUAL( expected, actual );\n\nSee also\nThe assertion macros, which report the file and the line of a check that fails.",
    );
  });
});

describe("parseHtml: a site's name over every page", () => {
  it("leaves out a first <h1> that says the site's name and links home, whatever the page's own <h1> says", () => {
    const parsed = parseHtml(`<html><head><title>Fields | Django documentation</title></head><body>
<div id="header"><h1><a href="../index.html">Django documentation</a></h1></div>
<div id="docs-content"><h1>Model field reference</h1><p>This document contains the API references of Field.</p></div></body></html>`);
    expect(parsed.content).toBe("Model field reference\n\nThis document contains the API references of Field.");
    // The page's only <h1> heads it, though it says the site's name.
    const home = parseHtml(`<html><head><title>Index | Django documentation</title></head><body>
<div id="header"><h1><a href="../index.html">Django documentation</a></h1></div>
<div id="docs-content"><p>Everything you need to know about Django.</p></div></body></html>`);
    expect(home.content).toBe("Django documentation\n\nEverything you need to know about Django.");
  });

  it("leaves out a block with the id 'banner' and no heading, though its text names the page", () => {
    const parsed = parseHtml(`<html><head><title>Widget Guide</title></head><body><div id="banner">Widget Guide, the book</div>
<h1>Install</h1><p>Run the installer as root.</p></body></html>`);
    expect(parsed.content).toBe("Install\n\nRun the installer as root.");
  });

  it("drops a banner <h1> linking home that the title says as its site's part, when a later heading says the page's part", () => {
    const parsed = parseHtml(`<html><head><title>Install | Acme Docs</title></head><body><h1><a href="/">Acme Docs</a></h1>
<h2>Install</h2><p>Run the installer.</p></body></html>`);
    expect([parsed.title, parsed.content]).toEqual(["Install", "Install\n\nRun the installer."]);
    const siteFirst = parseHtml(`<html><head><title>Acme Docs | Install</title></head><body><h1><a href="/">Acme Docs</a></h1>
<h2>Install</h2><p>Run the installer.</p></body></html>`);
    expect(siteFirst.content).toBe("Acme Docs\n\nInstall\n\nRun the installer.");
  });

  it("keeps a home page's <h1> linking home, which its <title> says, though a later heading says the title too", () => {
    const parsed = parseHtml(`<html><head><title>Exim Internet Mailer</title></head><body><h1><a href="/">Exim Internet Mailer</a></h1>
<h2>What the Exim Internet Mailer does</h2><p>Exim routes and delivers mail.</p></body></html>`);
    expect(parsed.content).toBe("Exim Internet Mailer\n\nWhat the Exim Internet Mailer does\n\nExim routes and delivers mail.");
  });
});
