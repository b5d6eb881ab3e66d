import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chunkDocument } from "../../src/ingest/chunking/index.js";
import { loadFile, type Section } from "../../src/ingest/loaders/index.js";
import { outlineHeadings } from "../../src/ingest/loaders/text/outline.js";
import { parsePlainText } from "../../src/ingest/loaders/text/structure.js";
import { withMemoryRag } from "../support/memory-rag.js";

const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-text-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Each section as its heading path and the first line of its text. */
function outline(text: string, sections: readonly Section[]): [string, string][] {
  return sections.map((s) => [s.headings.join(" / "), text.slice(s.start, s.end).split("\n")[0] ?? ""]);
}

const RST = `:mod:\`os.path\` --- Common pathname manipulations
================================================

.. module:: os.path

This module implements some useful functions on pathnames.

--------------

.. function:: join(path, *paths)

   Join one or more path segments intelligently.

   A second paragraph of the entry.

Text that resumes the section.

Classes
-------

.. class:: Finder(root, \\
                  depth)

   Finds files.

   .. method:: run()

      Runs the search.

   Back in the class.

Notes
~~~~~

*The end.*
`;

describe("parsePlainText", () => {
  it("reads underlined headings, levels in the order their styles appear, and the first one as the title", () => {
    const text = "Guide\n=====\n\nIntro.\n\nSetup\n-----\n\nSteps.\n\nDetails\n~~~~~~~\n\nMore.\n\nUsage\n-----\n\nLast.\n";
    const parsed = parsePlainText(text);
    expect(parsed.title).toBe("Guide");
    expect(outline(text, parsed.sections)).toEqual([
      ["Guide", "Guide"],
      ["Guide / Setup", "Setup"],
      ["Guide / Setup / Details", "Details"],
      ["Guide / Usage", "Usage"],
    ]);
    expect(parsed.sections.at(-1)?.end).toBe(text.length);
  });

  it("tells an over- and underlined style from an underlined one with the same character", () => {
    const text = "=======\n Title\n=======\n\nIntro.\n\nPart\n====\n\nBody.\n";
    const parsed = parsePlainText(text);
    expect(parsed.title).toBe("Title");
    expect(outline(text, parsed.sections)).toEqual([
      ["Title", "======="],
      ["Title / Part", "Part"],
    ]);
  });

  it("takes no heading from transitions, short adornments, indented lines or lines inside a paragraph", () => {
    const text = [
      "A paragraph of ordinary prose that runs on for a while.",
      "---",
      "",
      "Another paragraph.",
      "",
      "----------",
      "",
      "   indented code",
      "   ===============",
      "",
      "First line of a paragraph",
      "second line",
      "===========",
      "",
      "A long line of text that is much longer than its underline",
      "=====",
      "",
    ].join("\n");
    const parsed = parsePlainText(text);
    expect(parsed.title).toBeUndefined();
    expect(parsed.sections).toEqual([{ headings: [], start: 0, end: text.length }]);
  });

  it("takes no line of one letter repeated for an underline", () => {
    const redacted = "Account details\n\nPassword\nxxxxxxxx\n";
    expect(parsePlainText(redacted)).toEqual({ sections: [{ headings: [], start: 0, end: redacted.length }] });
  });

  it("takes no underlined line without a letter or digit for a heading", () => {
    const decorated = "Notes\n=====\n\n-=-=-=-=-=-=-\n-------------\n\nBody.\n";
    expect(parsePlainText(decorated)).toEqual({ title: "Notes", sections: [{ headings: ["Notes"], start: 0, end: decorated.length }] });
  });

  it("strips reStructuredText roles, literals and emphasis from headings", () => {
    const text =
      ":func:`~os.walk` and ``scandir`` with *care* and :ref:`links <target>`\n===========================================================================\n\nBody.\n";
    expect(parsePlainText(text).title).toBe("os.walk and scandir with care and links");
  });

  it("makes reStructuredText object descriptions head their blocks, nested by indentation, qualified by the module", () => {
    const parsed = parsePlainText(RST);
    expect(parsed.title).toBe("os.path --- Common pathname manipulations");
    expect(outline(RST, parsed.sections)).toEqual([
      ["os.path --- Common pathname manipulations", ":mod:`os.path` --- Common pathname manipulations"],
      ["os.path --- Common pathname manipulations / os.path.join(path, *paths)", ".. function:: join(path, *paths)"],
      ["os.path --- Common pathname manipulations", "Text that resumes the section."],
      ["os.path --- Common pathname manipulations / Classes", "Classes"],
      // The signature's continuation line is joined to it.
      ["os.path --- Common pathname manipulations / Classes / os.path.Finder(root, depth)", ".. class:: Finder(root, \\"],
      ["os.path --- Common pathname manipulations / Classes / os.path.Finder(root, depth) / run()", "   .. method:: run()"],
      ["os.path --- Common pathname manipulations / Classes / os.path.Finder(root, depth)", "   Back in the class."],
      ["os.path --- Common pathname manipulations / Classes / Notes", "Notes"],
    ]);
  });

  it("reads AsciiDoc one-line titles in AsciiDoc only, and takes `== Title` lines between blank lines for AsciiDoc", () => {
    const text = "= Manual\n\nIntro.\n\n== Install\n\nSteps.\n";
    expect(parsePlainText(text, { asciidoc: false }).sections).toEqual([{ headings: [], start: 0, end: text.length }]);
    // A sentence wrapped onto a line that starts with `==` is not a sign of AsciiDoc.
    const prose = "Intro.\n\nTitle\n=====\n\nSo x\n== 144 here.\n\n= Not a title\n";
    expect(parsePlainText(prose).sections.map((s) => s.headings.join(" / "))).toEqual(["", "Title"]);
    const parsed = parsePlainText(text);
    expect(parsed.title).toBe("Manual");
    expect(outline(text, parsed.sections)).toEqual([
      ["Manual", "= Manual"],
      ["Manual / Install", "== Install"],
    ]);
  });
});

describe("parsePlainText: Emacs' outline mode (GNU NEWS files)", () => {
  const NEWS = `GNU grep NEWS                                    -*- outline -*-

* Noteworthy changes in release 3.8 (2022-09-06) [stable]

** Changes in behavior

  The -P option is now based on PCRE2 instead of the older PCRE.

** Bug fixes

  The -s option no longer suppresses "binary file matches" messages.

* Noteworthy changes in release 3.7 (2021-08-14) [stable]

** Changes in behavior

  Use of the --unix-byte-offsets (-u) option now evokes a warning.

* Noteworthy changes in release 3.6 (2020-11-08) [stable]

  The GREP_COLOR environment variable is now obsolescent.
`;
  const paths = (text: string) => {
    const parsed = parsePlainText(text);
    return { title: parsed.title, paths: parsed.sections.map((s) => s.headings.join(" › ")) };
  };

  it("reads lines of stars as headings when the first line's cookie declares the mode, and titles the text by that line", () => {
    expect(paths(NEWS)).toEqual({
      title: "GNU grep NEWS",
      paths: [
        "",
        "Noteworthy changes in release 3.8 (2022-09-06) [stable]",
        "Noteworthy changes in release 3.8 (2022-09-06) [stable] › Changes in behavior",
        "Noteworthy changes in release 3.8 (2022-09-06) [stable] › Bug fixes",
        "Noteworthy changes in release 3.7 (2021-08-14) [stable]",
        "Noteworthy changes in release 3.7 (2021-08-14) [stable] › Changes in behavior",
        "Noteworthy changes in release 3.6 (2020-11-08) [stable]",
      ],
    });
  });

  it("reads them too when a Local Variables block at the end declares it, and not without a declaration", () => {
    const local = `${NEWS.replace(/ +-\*- outline -\*-/, "")}\n\nLocal Variables:\nmode: outline\nfill-column: 72\nEnd:\n`;
    expect(paths(local).paths[1]).toBe("Noteworthy changes in release 3.8 (2022-09-06) [stable]");
    expect(paths(local).title).toBe("GNU grep NEWS");
    // A first line that is empty titles nothing: the first heading does.
    expect(paths(`\n${local}`).title).toBe("Noteworthy changes in release 3.8 (2022-09-06) [stable]");
    // A list of starred items in a plain text file is no outline.
    const list = "Shopping\n\n* apples\n* pears\n\n** not a heading either\n";
    expect(parsePlainText(list).sections.every((section) => section.headings.length === 0 || section.headings[0] === "Shopping")).toBe(true);
  });

  it("makes a NEWS file a release history, which ingest marks changelog: true", async () => {
    await withMemoryRag(async (rag) => {
      await rag.ingest([{ id: "NEWS", content: NEWS, format: "text" }]);
      const [hit] = await rag.search("PCRE2", { topK: 1, mode: "keyword" });
      expect(hit?.metadata).toMatchObject({
        changelog: true,
        title: "GNU grep NEWS",
        headings: ["Noteworthy changes in release 3.8 (2022-09-06) [stable]", "Changes in behavior"],
      });
    });
  });
});

describe("loadFile: structured text", () => {
  it("reads .rst, .adoc and .txt files with their headings and format", async () => {
    const files = {
      "guide.rst": ["rst", RST],
      "manual.adoc": ["asciidoc", "= Manual\n\nIntro.\n\n== Install\n\nSteps.\n"],
      "notes.txt": ["text", "Release notes\n=============\n\nFixed things.\n"],
    } as const;
    for (const [name, [format, text]] of Object.entries(files)) {
      writeFileSync(join(tmp, name), text);
      const [doc] = await loadFile(join(tmp, name), { root: tmp });
      expect(doc?.metadata).toMatchObject({ source: name, format });
      expect(doc?.content).toBe(text);
      expect(doc?.title).toBe({ rst: "os.path --- Common pathname manipulations", asciidoc: "Manual", text: "Release notes" }[format]);
      expect(doc?.sections?.[0]?.headings).toEqual([doc?.title]);
    }
  });

  it("reads the hand-written Antora and Sphinx pages (test/fixtures/sources.md): titles, sections and entries", async () => {
    const headings = async (file: string) => {
      const [doc] = await loadFile(join("test/fixtures/sources", file), { root: "test/fixtures/sources" });
      return { title: doc?.title, format: doc?.metadata?.format, paths: [...new Set(doc?.sections?.map((s) => s.headings.join(" / ")))] };
    };
    // The Antora page's title and its Configuration section stand under comment lines; the `////` block's line is no section.
    expect(await headings("antora.adoc")).toEqual({
      title: "Installation",
      format: "asciidoc",
      paths: ["", "Installation", "Installation / Configuration", "Installation / Configuration / Behind a proxy"],
    });
    expect(await headings("sphinx.rst")).toEqual({
      title: "Installation",
      format: "rst",
      paths: [
        "",
        "Installation",
        "Installation / Configuration",
        "Installation / Configuration / ACME_PORT",
        "Installation / Configuration / acme.serve(port=None, *, proxy=None)",
      ],
    });
  });

  it("gives a text without headings no sections and no title", async () => {
    writeFileSync(join(tmp, "plain.txt"), "Just a line.\nAnd another.\n");
    const [doc] = await loadFile(join(tmp, "plain.txt"), { root: tmp });
    expect(doc?.title).toBeUndefined();
    expect(doc?.sections).toBeUndefined();
  });

  it("chunks an underlined heading standing alone together with the sub-section that follows", async () => {
    const text = "Guide\n=====\n\nSetup\n-----\n\nRun the installer.\n";
    writeFileSync(join(tmp, "guide.txt"), text);
    const [doc] = await loadFile(join(tmp, "guide.txt"), { root: tmp });
    const chunks = await chunkDocument(doc!);
    expect(chunks.map((c) => [c.content, c.header])).toEqual([[text.trimEnd(), "Guide › Setup"]]);
  });
});

describe("parsePlainText on hostile input", () => {
  it("nests object descriptions at most 8 deep", () => {
    const text = Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i)}.. class:: C${i}\n`).join("\n");
    const { sections } = parsePlainText(text);
    expect(Math.max(...sections.map((s) => s.headings.length))).toBe(8);
    expect(sections.at(-1)?.end).toBe(text.length);
  });

  it("stays linear on long runs of blanks, long titles and continued signatures", () => {
    const longTitle = `== ${":a".repeat(40_000)}`;
    const text = `.. function:: f${" \t".repeat(200_000)}x\n\n${longTitle}\n\n${".. function:: g(\\\n".repeat(20_000)}`;
    const started = performance.now();
    const { sections } = parsePlainText(text, { asciidoc: false });
    const adoc = parsePlainText(`= T\n\n${longTitle}\n\n== \`${"<".repeat(40_000)}\`\n`, { asciidoc: true });
    // A quadratic pattern takes minutes here; linear work takes milliseconds.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(sections.map((s) => s.headings.at(-1)?.slice(0, 14))).toEqual(["f x", undefined, "g( .. function"]);
    // Titles over 200 characters are not headings.
    expect(adoc.sections.map((s) => s.headings)).toEqual([["T"]]);
  });

  it("reads a line of five million punctuation characters without overflowing, and still finds a long underline", () => {
    const { sections } = parsePlainText(`Title\n${"=".repeat(3_000_000)}\n\nText.\n\n${"[".repeat(5_000_000)}\n`);
    expect(sections.map((s) => s.headings)).toEqual([["Title"]]);
  });

  it("keeps headings to 300 characters", () => {
    const { sections } = parsePlainText(`.. class:: C(${"a, ".repeat(1_000)}z)\n\n   Body.\n`);
    expect(sections[0]?.headings[0]).toHaveLength(300);
  });
});

describe("parsePlainText: what is not a title", () => {
  it("takes no title from a one-line block between two rules, or from front matter", () => {
    for (const text of [
      "Example:\n\n------------\n$ git init\n------------\n\nAfter.\n",
      "------------\n* text=auto\n------------\n",
      "---\nid: 1\n---\n\nBody.\n",
      "----\ngit show-ref master\n----\n",
    ]) {
      expect(parsePlainText(text).sections.every((s) => s.headings.length === 0)).toBe(true);
    }
  });

  it("takes a title inset between longer rules, as reStructuredText allows, and no title from a line flush with longer rules", () => {
    const centred =
      "=====================================================================\n                            Tasks\n=====================================================================\n\nTasks are the building blocks.\n\nBasics\n======\n\nA task is a callable.\n";
    expect(parsePlainText(centred).title).toBe("Tasks");
    expect(parsePlainText(centred).sections.map((s) => s.headings.join(" / "))).toEqual(["Tasks", "Tasks / Basics"]);
    expect(
      parsePlainText("==========================================\n ``celery.backends.redis``\n==========================================\n\nRedis.\n").title,
    ).toBe("celery.backends.redis");
    expect(parsePlainText("Example:\n\n--------------------------------\ngit init\n--------------------------------\n\nAfter.\n").title).toBeUndefined();
  });

  it("reads AsciiDoc in a .txt file by its block attributes: no headings inside delimited blocks", () => {
    const text =
      "git-init(1)\n===========\n\nSYNOPSIS\n--------\n[verse]\n'git init' [-q]\n\nEXAMPLES\n--------\n\n------------\ngit init\n------------\n\n----\nNotes\n\n== x\n----\n\nAfter.\n";
    const parsed = parsePlainText(text);
    expect(parsed.title).toBe("git-init(1)");
    expect(parsed.sections.map((s) => s.headings.join(" / "))).toEqual(["git-init(1)", "git-init(1) / SYNOPSIS", "git-init(1) / EXAMPLES"]);
  });
});

describe("parsePlainText: telling AsciiDoc from plain text", () => {
  it("reads a plain README as plain text despite a bracketed log line, a link definition and a rule", () => {
    const text = [
      "MyTool\n======\n",
      "[WARNING] Using platform encoding UTF-8\n[source]: https://example.com/src\n",
      "Usage\n-----\n\nRun it.\n",
      "----------------------------------------\n",
      "License\n-------\n\nMIT.\n",
      "Authors\n*******\n\nUs.\n",
    ].join("\n");
    expect(parsePlainText(text).sections.map((s) => s.headings.join(" / "))).toEqual([
      "MyTool",
      "MyTool / Usage",
      "MyTool / License",
      "MyTool / License / Authors",
    ]);
  });

  it("takes no title from an AsciiDoc block's attribute line or block title above its delimiter", () => {
    const text =
      "git-foo(1)\n==========\n\nEXAMPLES\n--------\n\n[source,sh]\n------------\n$ git foo\n------------\n\n.Run\n----\nmake\n----\n\nOPTIONS\n-------\n\n--all::\n\tEverything.\n";
    expect(parsePlainText(text).sections.map((s) => s.headings.join(" / "))).toEqual(["git-foo(1)", "git-foo(1) / EXAMPLES", "git-foo(1) / OPTIONS"]);
  });

  it("takes no title from a one-line Markdown code fence", () => {
    expect(parsePlainText("Intro.\n\n```\nls\n```\n\n~~~\npwd\n~~~\n").sections.every((s) => s.headings.length === 0)).toBe(true);
  });
});

describe("parsePlainText: AsciiDoc", () => {
  it("takes levels from the number of = signs, anchors above titles, and optional closing marks", () => {
    const text = "= Manual\n\n=== Options\n\nSome.\n\n[[examples]]\n== Examples ==\n\nMore.\n\nUsage\n-----\n\nLast.\n";
    const parsed = parsePlainText(text, { asciidoc: true });
    expect(parsed.sections.map((s) => s.headings.join(" / "))).toEqual(["Manual", "Manual / Options", "Manual / Examples", "Manual / Usage"]);
  });

  it("takes a title under comment lines, which AsciiDoc skips, but not under a comment block's delimiter", () => {
    const text = "// REVIEW: move this page\n= Abstract\n\nText.\n\n// FIXME\n[#when]\n== When to use it\n\nMore.\n";
    const parsed = parsePlainText(text, { asciidoc: true });
    expect(parsed.title).toBe("Abstract");
    // The comment line is text before the first heading, as any would be.
    expect(parsed.sections.map((s) => s.headings.join(" / "))).toEqual(["", "Abstract", "Abstract / When to use it"]);
    // Inside a comment block nothing is a title; after it, a title needs its blank line as always.
    const block = "= Guide\n\n////\n== Hidden\n////\n== Not a title\n\nText.\n";
    expect(parsePlainText(block, { asciidoc: true }).sections.map((s) => s.headings.join(" / "))).toEqual(["Guide"]);
  });
});

describe("parsePlainText: numbered, capitalised and banner headings", () => {
  const FAQ = `                                  curl

FAQ

 1. Philosophy
  1.1 What is cURL?
  1.2 What is libcurl?
 2. Install Related Problems
  2.1 configure fails when using static libraries

==============================================================================

1. Philosophy

  1.1 What is cURL?

  cURL is the name of the project.

  1.2 What is libcurl?

  libcurl is a reliable and portable library.

2. Install Related Problems

  2.1 configure fails when using static libraries, what do I
      do about it?

  You need to list all the dependencies.
`;

  it("reads a FAQ's numbered questions as headings under their sections, not its table of contents, joining a wrapped question", () => {
    const parsed = parsePlainText(FAQ);
    expect(outline(FAQ, parsed.sections)).toEqual([
      ["", "                                  curl"],
      ["FAQ", "FAQ"],
      ["FAQ / Philosophy", "1. Philosophy"],
      ["FAQ / Philosophy / What is cURL?", "  1.1 What is cURL?"],
      ["FAQ / Philosophy / What is libcurl?", "  1.2 What is libcurl?"],
      ["FAQ / Install Related Problems", "2. Install Related Problems"],
      [
        "FAQ / Install Related Problems / configure fails when using static libraries, what do I do about it?",
        "  2.1 configure fails when using static libraries, what do I",
      ],
    ]);
    // Numbered and capitalised lines are headings, not the document's title.
    expect(parsed.title).toBeUndefined();
  });

  it("reads capitals and banners as headings, and numbered questions under capitalised sections", () => {
    const text = `Some package\n\nUSAGE:\n     \\usepackage{fp}\n\n--- What's in the box ---\n\nThe files.\n\nSECTION 1 - GENERAL\n\n1.1. What is it?\n\nA package.\n\n1.2. Is it free?\n\nYes.\n\nSECTION 2 - RESOURCES\n\n2.1. Where is the list?\n\nOnline.\n`;
    expect(outline(text, parsePlainText(text).sections).map(([path]) => path)).toEqual([
      "",
      "USAGE",
      "What's in the box",
      "SECTION 1 - GENERAL",
      "SECTION 1 - GENERAL / What is it?",
      "SECTION 1 - GENERAL / Is it free?",
      "SECTION 2 - RESOURCES",
      "SECTION 2 - RESOURCES / Where is the list?",
    ]);
  });

  it("puts numbered headings under an underlined title", () => {
    const text = `Frequently Asked Questions\n--------------------------\n\n1) Questions relating to CppUnit\n   ----------------------------\n\n1.1) Is there an easier way?\n\n   Yes, there is.\n\n2) Questions related to VC++\n\n2.1) Why does linking fail?\n\n   A runtime mismatch.\n`;
    expect(outline(text, parsePlainText(text).sections).map(([path]) => path)).toEqual([
      "Frequently Asked Questions",
      "Frequently Asked Questions / Questions relating to CppUnit",
      "Frequently Asked Questions / Questions relating to CppUnit / Is there an easier way?",
      "Frequently Asked Questions / Questions related to VC++",
      "Frequently Asked Questions / Questions related to VC++ / Why does linking fail?",
    ]);
  });

  it("leaves numbered lists, sentences and lone capitals as text", () => {
    // Two lists that start again at 1, a numbered sentence, a short capitalised word and a constant in code.
    const lists = `Build it:\n\n1. Download\n\n2. Unpack\n\nThen install it:\n\n1. Configure\n\n2. Build\n\n3. Run make install.\n\nOK\n\n    EOF\n`;
    expect(parsePlainText(lists).sections.every((s) => s.headings.length === 0)).toBe(true);
    // Nor does a reStructuredText file get them: its titles are underlined.
    expect(parsePlainText("Title\n=====\n\n1. First\n\n2. Second\n\n3. Third\n", { asciidoc: false }).sections.map((s) => s.headings)).toEqual([["Title"]]);
  });

  it("leaves a list of steps, and a number in a sentence, as text", () => {
    const steps = "To install:\n\n1. Download the tarball\n\n2. Run ./configure\n\n3. Run make\n";
    expect(parsePlainText(steps).sections.every((s) => s.headings.length === 0)).toBe(true);
    const stats = "Stats\n\n1.5 million downloads\n\nMore than last year.\n\n2.1 Installation notes\n\nRun make.\n";
    expect(parsePlainText(stats).sections.every((s) => s.headings.length === 0)).toBe(true);
  });
});

describe("outlineHeadings: numbered lines that are an outline's headings, and those that are not", () => {
  const headingsOf = (text: string) => {
    const lines = text.split("\n");
    const starts = lines.map((_, i) => lines.slice(0, i).join("\n").length + (i === 0 ? 0 : 1));
    return outlineHeadings(lines, starts, new Set()).map((heading) => heading.text);
  };

  it("takes three numbered titles for an outline, but not two steps, nor bare numbers without a dot", () => {
    expect(headingsOf("Guide\n\n1. Introduction\n\nText.\n\n2. Usage\n\nText.\n\n3. Limits\n\nText.")).toEqual(["Introduction", "Usage", "Limits"]);
    expect(headingsOf("Steps\n\n1. Unpack the archive\n\nInto any folder.\n\n2. Run the installer\n\nAs root.")).toEqual([]);
    expect(headingsOf("Notes\n\n1 Introduction\n\nText.\n\n2 Usage\n\nText.\n\n3 Limits\n\nText.\n\n4 Credits\n\nText.")).toEqual([]);
  });
});
