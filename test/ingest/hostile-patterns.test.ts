import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { balanceScraps } from "../../src/ingest/chunking/balance.js";
import { markdownProse } from "../../src/ingest/chunking/markdown-prose.js";
import { namesVersion } from "../../src/ingest/changelog.js";
import { AttributeReferences } from "../../src/ingest/includes/attribute-references.js";
import { evaluateConditionals, firstAttributes } from "../../src/ingest/includes/conditionals.js";
import { findDirectives } from "../../src/ingest/includes/directives.js";
import { evaluateOnly } from "../../src/ingest/includes/sphinx-only.js";
import { resolveLimits } from "../../src/ingest/limits.js";
import { parseHtml, parseMarkdown } from "../../src/ingest/loaders/index.js";
import { readManPage } from "../../src/ingest/loaders/man/man-page.js";
import { withHeadings } from "../../src/ingest/loaders/pdf/outline.js";
import { parsePlainText } from "../../src/ingest/loaders/text/structure.js";
import { readText } from "../../src/ingest/word-pairs.js";
import { expandedText } from "../support/include-tree.js";
import { quickly, quicklyAsync } from "../support/timing.js";

const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-hostile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Each input took from 3 s to hours before its pattern was mended; each must now take under 2 s. */
const LIMIT_MS = 2000;

describe("the loaders' patterns on hostile text: linear time, and the same reading", () => {
  it("reads a version with a long tail in a heading (a git hash after '+g')", () => {
    expect(quickly(() => namesVersion(`Release 1.2.3+g${"0123456789abcdef".repeat(4)}.`), LIMIT_MS)).toBe(true);
    // A dot after it says the number goes on: no version, as before.
    expect(quickly(() => namesVersion(`1.1${"1".repeat(60)}.`), LIMIT_MS)).toBe(false);
    expect(namesVersion("3.11.0rc2 (2024-01-05)")).toBe(true);
    expect(namesVersion("1:2.39.5-0+deb12u1")).toBe(true);
  });

  it("reads Markdown with a long run of backticks, of blanks before a word, and after a table's delimiter", () => {
    expect(quickly(() => markdownProse(`a${"`".repeat(50_000)}`), LIMIT_MS)).toBe(`a${"`".repeat(50_000)}`);
    expect(quickly(() => markdownProse(`word${" ".repeat(50_000)}x`), LIMIT_MS)).toBe("word x");
    expect(quickly(() => markdownProse(`|-|-${" ".repeat(50_000)}x`), LIMIT_MS)).toBe("|-|- x");
    // A code span still opens and closes with runs of one length, and keeps what it holds.
    expect(markdownProse("Use `a[i]` or ``b`c``, then `x")).toBe("Use a[i] or b`c, then `x");
  });

  it("reads Markdown with long runs of unclosed template tags, template targets, wiki embeds, MkDocs markers and heading attributes", () => {
    for (const run of ["[[a", "[[a|", "![[", "[a[b]"]) {
      const text = run.repeat(20_000);
      // As written, but for the last blank, which prose drops at a line's end.
      expect(quickly(() => markdownProse(text), LIMIT_MS) === text.trimEnd()).toBe(true);
    }
    // A shortcode's opener left unclosed takes the rest of its line, and of its paragraph, as arguments: a caption
    // shows, nothing else does. Closers too, and lines of openers, each left open.
    for (const run of ["{{<a ", "{{%a ", "{%a ", "{%- a "]) expect(quickly(() => markdownProse(run.repeat(20_000)), LIMIT_MS)).toBe("");
    expect(quickly(() => markdownProse('{{<a caption="c" '.repeat(20_000)), LIMIT_MS)).toBe("c ".repeat(20_000).trim());
    expect(quickly(() => markdownProse(`${"{{<a >}} x ".repeat(20_000)}{{<a`), LIMIT_MS)).toBe("x ".repeat(20_000).trim());
    expect(quickly(() => markdownProse(`{{<a\n${'caption="c" '.repeat(20_000)}\n\nText.`), LIMIT_MS)).toBe(`${"c ".repeat(20_000).trim()}\n\nText.`);
    for (const run of ["{{ a", "{"]) {
      const text = `[x](${run.repeat(20_000)}`;
      expect(quickly(() => markdownProse(text), LIMIT_MS) === text.trimEnd()).toBe(true);
    }
    expect(quickly(() => markdownProse(`[x](${"{%a ".repeat(20_000)}`), LIMIT_MS)).toBe("[x](");
    // MkDocs' block markers and template tags with long runs of blanks between their parts, and titles too long to be
    // one: each was quadratic or worse in a first version (a "/// tip |" line of 6,000 blanks took 6 s).
    const blanks = " ".repeat(50_000);
    const x = "x".repeat(600);
    for (const line of [`!!! note${blanks}"`, `!!!${blanks}note${blanks}x${blanks}"`, `=== ${blanks}"`, `/// tip |${blanks}${x}`]) {
      expect(quickly(() => markdownProse(line), LIMIT_MS)).toBe(line.replace(/ +/g, " "));
    }
    expect(quickly(() => markdownProse(`/// tip |${blanks}`), LIMIT_MS)).toBe("");
    for (const line of [`{{<${blanks}`, `{{%${blanks}`, `{%${blanks}`, `<<< ./x${blanks}y`])
      expect(quickly(() => markdownProse(line), LIMIT_MS)).toBe(line.replace(/ +/g, " ").trimEnd());
    expect(quickly(() => parseMarkdown(`# a {{<${blanks}x`).title, LIMIT_MS)).toBe("a {{< x");
    // A <script> that never closes, over 20,000 long lines: each line is searched once for its closing tag.
    expect(quickly(() => markdownProse(`<script>\n${`${"x".repeat(100)} </scrip\n`.repeat(20_000)}`), LIMIT_MS)).toBe("");
    // A heading of a long run of blanks before an attribute list that never closes.
    expect(quickly(() => markdownProse(`## a${" ".repeat(50_000)}{#a${" {#a".repeat(10_000)}`), LIMIT_MS).startsWith("a {#a {#a")).toBe(true);
  });

  it("reads HTML with a javascript: link of long blanks, and a link of a long run of arrows", () => {
    const script = `<main><h1>T</h1><p>Go <a href="javascript:${" ".repeat(5_000)}x">there</a> now.</p></main>`;
    expect(quickly(() => parseHtml(script).content, LIMIT_MS)).toBe("T\n\nGo there now.");
    const arrows = `<main><h1>T</h1><p>See <a href="x.html">${"&gt;".repeat(50_000)}x</a></p></main>`;
    expect(quickly(() => parseHtml(arrows).content, LIMIT_MS)).toBe(`T\n\nSee ${">".repeat(50_000)}x`);
  });

  it("reads a PDF page line of 100,000 leader dots with no page number as text, not a table of contents' line", () => {
    const content = `Introduction\n${".".repeat(100_000)}x`;
    const page = { headings: [], start: 0, end: content.length, page: 1 };
    const sections = quickly(() => withHeadings(content, [page], [{ page: 1, path: ["Introduction"] }]), LIMIT_MS);
    expect(sections.map((section) => section.headings)).toEqual([["Introduction"]]);
  });

  it("reads a page's text for the copy check when it ends in a long run of unclosed '<'", async () => {
    const path = join(tmp, "page.html");
    writeFileSync(path, `<html><body><p>Install it.</p><!-- a note --></body></html>\n${"<".repeat(200_000)}`);
    const text = await quicklyAsync(() => readText(path, resolveLimits(undefined), true), LIMIT_MS);
    expect(text?.trim().startsWith("Install it.")).toBe(true);
    expect(text).not.toContain("a note");
  });

  it("finds include directives whose target runs into a long run of blanks, and MyST includes that never close", () => {
    const blanks = " ".repeat(900);
    const rst = quickly(() => findDirectives(`.. include:: x${blanks}y\n`.repeat(4000), "rst"), LIMIT_MS);
    expect(rst).toHaveLength(4000);
    expect(rst[0]?.target).toBe(`x${blanks}y`);
    const snippets = quickly(() => findDirectives(`--8<-- x${blanks}y\n`.repeat(4000), "markdown"), LIMIT_MS);
    // A bare snippet name holds no blank: none of these is one.
    expect(snippets).toEqual([]);
    expect(quickly(() => findDirectives(`\`\`\`{include} x${blanks}y\n`.repeat(4000), "markdown"), LIMIT_MS)).toEqual([]);
    expect(quickly(() => findDirectives(`\`\`\`{include} x\n${"text\n".repeat(20)}`.repeat(20_000), "markdown"), LIMIT_MS)).toEqual([]);
    const asciidoc = quickly(() => findDirectives(`:a: ${" ".repeat(400)}x\ninclude::{a}.adoc[]\n`.repeat(20_000), "asciidoc"), LIMIT_MS);
    expect(asciidoc[0]?.target).toBe("x.adoc");
    // Fences and snippets alternating, 20,000 of each: whether each snippet stands in a fence is told in one pass.
    const fenced = quickly(() => findDirectives('```\n--8<-- "a.md"\n'.repeat(20_000), "markdown"), LIMIT_MS);
    expect(fenced.map((d) => d.inCode).slice(0, 4)).toEqual([true, false, true, false]);
  });

  it("evaluates AsciiDoc conditionals on long lines of brackets and blanks, and 20,000 tests left open", () => {
    const evaluate = (text: string) => evaluateConditionals(text, firstAttributes());
    const brackets = `ifdef::a[${"]".repeat(1500)}${" ".repeat(1500)}x\n`.repeat(200);
    expect(quickly(() => evaluate(brackets), LIMIT_MS)).toBe(brackets);
    const entries = `:a: ${" ".repeat(1900)}x\n`.repeat(2000);
    expect(quickly(() => evaluate(entries), LIMIT_MS)).toBe(entries);
    expect(quickly(() => evaluate(`${"ifdef::nothing[]\nhidden\n".repeat(20_000)}shown`), LIMIT_MS)).toBe("");
    expect(quickly(() => evaluate(`${"ifdef::asciidoctor[]\n".repeat(20_000)}shown${"\nendif::[]".repeat(20_000)}`), LIMIT_MS)).toBe("shown");
  });

  it("replaces AsciiDoc attribute references on long lines of unclosed passthroughs, pluses, braces and escapes", () => {
    const references = new AttributeReferences(new Map([["a", "x"]]));
    expect(quickly(() => references.line("pass:[{a}".repeat(20_000)), LIMIT_MS)).toBe("pass:[x".repeat(20_000));
    for (const line of [`{${"a".repeat(100_000)}`, "\\{".repeat(50_000), `${"{a".repeat(50_000)}}`]) {
      expect(quickly(() => references.line(line), LIMIT_MS) === line.replace("{a}", "x")).toBe(true);
    }
    // Passthroughs pair up and keep what they hold; what stands between two of them is replaced.
    for (const line of ["+{a}".repeat(50_000), "++{a}".repeat(40_000)]) {
      const read = quickly(() => references.line(line), LIMIT_MS);
      expect(read).toContain("{a}");
      expect(read).toContain("x");
    }
  });

  it("bounds what AsciiDoc attribute values built from values, and many references to a long one, can grow to", async () => {
    // Each value a hundred references to the one before: 10 characters, then 1,000, 100,000, 10,000,000 as written.
    const laughs = [":a: xxxxxxxxxx", ":b: {a}", ":c: {b}", ":d: {c}"].map((entry, i) =>
      i === 0 ? entry : `${entry.slice(0, 4)}${entry.slice(4).repeat(100)}`,
    );
    const attributes = firstAttributes();
    quickly(() => evaluateConditionals(laughs.join("\n"), attributes), LIMIT_MS);
    // `c` would be 100,000 characters: it is kept as written, and so `d` is built from that.
    expect(attributes.get("b")).toBe("x".repeat(1000));
    expect(attributes.get("c")).toBe("{b}".repeat(100));
    expect(attributes.get("d")?.length).toBeLessThan(4000);
    // A page of 2,000 lines of 200 references to a 2,000-character value is over maxFileBytes: LIMIT_EXCEEDED, early.
    writeFileSync(join(tmp, "many.adoc"), `= Many\n:long: ${"x".repeat(2000)}\n\n${`${"{long} ".repeat(200)}\n`.repeat(2000)}`);
    await expect(quicklyAsync(() => expandedText(tmp, "many.adoc", tmp, resolveLimits({ maxFileBytes: 1_000_000 })), LIMIT_MS)).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
    });
  });

  it("evaluates Sphinx's only directives nested 2,000 deep, 20,000 in a row, and on long lines of brackets, blanks and colons", () => {
    const nested = Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i)}.. only:: html`).join("\n");
    expect(quickly(() => evaluateOnly(`${nested}\n${" ".repeat(2000)}shown`), LIMIT_MS)).toBe("shown");
    expect(quickly(() => evaluateOnly(`${".. only:: latex\n   hidden\n".repeat(20_000)}shown`), LIMIT_MS)).toBe("shown");
    for (const line of [
      `.. only:: ${"(".repeat(240)}html`,
      `.. only:: ${"not ".repeat(120)}`,
      `.. only:: html${" ".repeat(50_000)}x`,
      `a${":: ".repeat(20_000)}`,
    ]) {
      const text = `${line}\n   block\n`.repeat(20);
      expect(quickly(() => evaluateOnly(text), LIMIT_MS)).toBe(text);
    }
  });

  it("finds a chunk's last paragraph after a long run of blank lines and blanks (a label's search)", () => {
    const chars = (start: number, end: number) => end - start;
    // The last paragraph is two lines, no label: each blank line before it is a place a search could start again.
    for (const run of ["\n \n", "\n\n", " \n", "\t\n"]) {
      const text = `Intro.${run.repeat(30_000)}x\ny\n\nThe text it names.`;
      const end = text.indexOf("y") + 1;
      const spans: [number, number][] = [
        [0, end],
        [end + 2, text.length],
      ];
      // Within the size the splitter allows such a span (32 characters a unit).
      expect(quickly(() => balanceScraps(text, spans, 3000, chars), LIMIT_MS)).toEqual(spans);
    }
  });

  it("reads a span of 50,000 hidden spans, each an alternative a script could show, once each", () => {
    const html = `<main><p>Press <span>${"<span hidden>k</span>".repeat(50_000)}</span> now</p></main>`;
    const content = quickly(() => parseHtml(html).content, LIMIT_MS);
    expect(content.startsWith("Press k / k / k")).toBe(true);
    expect(content.split(" / ").length).toBe(50_000);
  });

  it("reads a Vim help file with long runs of blanks before tags, of separators, and of tags in a heading's place", () => {
    const head = "*h.txt*\tHostile help\n\n";
    const rule = "=".repeat(78);
    const headings = (text: string) => parsePlainText(text).sections.map((s) => s.headings.join(" / "));
    // Blanks that almost end in a tag, on lines short enough to be read as headings and on one long line.
    const blanks = `${head}${rule}\nTitle\t\t*t*\n\n${`x${" ".repeat(250)}*y* z\n`.repeat(20_000)}x${" ".repeat(500_000)}*y* z\n`;
    expect(quickly(() => headings(blanks), LIMIT_MS)).toEqual(["", "Title"]);
    // Separators one after another, then a title, and a line of five million "=" (text, too long to be a separator).
    const rules = `${head}${`${rule}\n`.repeat(100_000)}Last\t*last*\n\n${"=".repeat(5_000_000)}\n`;
    expect(quickly(() => headings(rules), LIMIT_MS)).toEqual(["", "Last"]);
    const tags = `${head}${rule}\n${"*a* ".repeat(70)}\n\n${`*${"b".repeat(99)}*  `.repeat(20_000)}\ntext\n`;
    expect(quickly(() => headings(tags), LIMIT_MS)).toEqual([""]);
  });

  it("reads a man page whose macros call themselves, whose strings name themselves, and whose lines nest deep", () => {
    // A macro that calls itself twice stops when expanding has added 100,000 lines.
    const macros = quickly(() => readManPage(".de a\n.a\n.a\ntext\n..\n.SH X\n.a\n"), LIMIT_MS);
    expect(macros.content.length).toBeGreaterThan(100_000);
    // A string naming itself four times, used on 20,000 lines: strings add at most 1,000,000 characters to a page.
    const strings = `.ds x \\*x\\*x\\*x\\*xy\n.SH X\n${"\\*x\n".repeat(20_000)}`;
    expect(quickly(() => readManPage(strings), LIMIT_MS).content.length).toBeLessThanOrEqual(1_000_010);
    const braces = `.if t \\{\\\n${"\\{ ".repeat(200_000)}\ntext\n.SH X\nshown\n`;
    expect(quickly(() => readManPage(braces), LIMIT_MS).content).toBe("");
    // mdoc enclosures nest 32 deep in a line; the rest are words.
    const nested = `.Dd x\n.Dt A 1\n.Sh X\n.Op Fl a ${"Op Fl c ".repeat(20_000)}\n`;
    expect(quickly(() => readManPage(nested), LIMIT_MS).content).toMatch(/^X\n\[-a \[-c \[-c /);
    // A macro that doubles its arguments at each call stops when it would add 4,000,000 characters.
    expect(quickly(() => readManPage(".de a\n.a \\\\$* \\\\$*\n..\n.a x\n"), LIMIT_MS).content).toBe("");
    expect(quickly(() => readManPage(`${"\\".repeat(1_000_000)}c\n`), LIMIT_MS).content.length).toBe(500_001);
    expect(quickly(() => readManPage(`.nf\n${" ".repeat(200_000)}x\n.fi\na${" ".repeat(200_000)}b\n`), LIMIT_MS).content).toMatch(/ x\na b$/);
    expect(quickly(() => readManPage(`${".if n ".repeat(200_000)}text\n`), LIMIT_MS).content).toBe("");
    const cells = `.TS\nl.\n${"a\tT{\nx\nT}\tT{\n".repeat(50_000)}y\nT}\n.TE\n`;
    expect(quickly(() => readManPage(cells), LIMIT_MS).content.length).toBe(450_000);
    // A macro appended to 30,000 times (`.am`) grows where it stands.
    expect(quickly(() => readManPage(`.de a\nx\n..\n${".am a\ny\n..\n".repeat(30_000)}.SH X\n.a\n`), LIMIT_MS).content.length).toBe(60_003);
    // Every heading is a section, a line each (no text between them, so no blank line either); writing one does not
    // read the text written before it.
    expect(quickly(() => readManPage(".SH A\n".repeat(50_000)), LIMIT_MS).content.length).toBe(99_999);
    const block = `.SH X\n.TS\nl.\nT{\n${"x\n".repeat(200_000)}`;
    expect(quickly(() => readManPage(block), LIMIT_MS).content).toBe(`X\n${"x ".repeat(199_999)}x`);
  });
});
