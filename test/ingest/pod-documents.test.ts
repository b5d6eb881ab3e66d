import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadFile } from "../../src/index.js";
import { readPod, renderCodes } from "../../src/ingest/loaders/pod.js";
import { withMemoryRag } from "../support/memory-rag.js";

const FIXTURE = "test/fixtures/sources/acme.pod";

describe("POD", () => {
  it("reads as perldoc shows it: headings, codes read, entries headed by their tags, other formats and code left out", async () => {
    const [doc] = await loadFile(FIXTURE, { root: "test/fixtures/sources" });
    expect(doc).toMatchObject({
      id: "acme.pod",
      title: "Acme::Install - install the made-up Acme service",
      metadata: { source: "acme.pod", format: "pod", encoding: "utf-8" },
    });
    const { content, sections } = doc!;
    expect(sections?.map((s) => s.headings)).toEqual([
      ["NAME"],
      ["SYNOPSIS"],
      ["DESCRIPTION"],
      ["DESCRIPTION", "Options"],
      ["DESCRIPTION", "Options", "port"],
      ["DESCRIPTION", "Options", "quiet"],
      ["DESCRIPTION", "Options"],
      ["AUTHOR"],
    ]);
    const text = (heading: string, nth = 0) => {
      const found = sections!.filter((s) => s.headings[s.headings.length - 1] === heading)[nth]!;
      return content.slice(found.start, found.end);
    };
    // A verbatim paragraph as written; an ordinary one's codes read.
    expect(text("SYNOPSIS")).toBe("SYNOPSIS\n\n    use Acme::Install;\n    Acme::Install->run(port => 8080);\n\n");
    expect(text("DESCRIPTION")).toContain(
      'Acme runs on any POSIX system. Read "Settings file" in Acme::Config\nfirst, or the port setting; the project\'s site is\nhttps://acme.example/. Compare with $a <=> $b and $x, and\nmind the <-- HERE mark.',
    );
    // An entry's forms on one block, headed by the last; escapes read.
    expect(text("port")).toBe("port NUMBER\nport\n\nThe port Acme listens on. Defaults to <8080>, écrit\n— not ©.\n\n");
    // A nested list's bullet and number stay the entry's; after the list, the heading above resumes.
    expect(text("quiet")).toBe("quiet\n\nSay less.\n\n* A bullet under an item.\n\n2. Numbered\n\n");
    expect(text("Options", 1)).toBe("The text after the options.\n\nShown as text.\n\n");
    for (const gone of ["Only in HTML", "Left out", "code_not_documentation", "=cut", "=item", "B<", "X<", "install.X", "E<"]) {
      expect(content).not.toContain(gone);
    }
    expect(content.endsWith("AUTHOR\n\nThe libsql-rag authors.")).toBe(true);
  });

  it("reads formatting codes by perlpodspec's rules", () => {
    expect(renderCodes("C<< $a->b >> and C<<< <=> >>> and C<$a-E<gt>b>")).toBe("$a->b and <=> and $a->b");
    expect(renderCodes('L<perlfunc/open>, L</Options>, L<"Old style">, L<Foo::Bar>, L<text|https://x.example/a|b>')).toBe(
      '"open" in perlfunc, "Options", "Old style", Foo::Bar, text',
    );
    expect(renderCodes("I<B<nested>> F<file.txt> S<a b> Z<>X<index term>E<sol>E<verbar>E<075>E<nosuch>")).toBe("nested file.txt a b /|=");
    // A number that is no character (a surrogate's, or beyond Unicode) reads nothing.
    expect(renderCodes("aE<0xD800>bE<0x110000>c")).toBe("abc");
    // An unclosed code runs to the paragraph's end; a capital before a space is no code.
    expect(renderCodes("B<open to the end")).toBe("open to the end");
    expect(renderCodes("A < B and C<>")).toBe("A < B and ");
  });

  it("starts at the first command and skips what =cut leaves out; a file with no command has no text", async () => {
    const pod = readPod("#!/usr/bin/perl\nprint 1;\n\n=head1 Usage\n\nRun it.\n\n=cut\n\nmore_code();\n\n=pod\n\nAgain.\n");
    expect(pod.content).toBe("Usage\n\nRun it.\n\nAgain.");
    expect(pod.title).toBe("Usage");
    // A region's parameters are no part of its name: `=begin html class="x"` ends at `=end html`.
    expect(readPod('=head1 A\n\n=begin html class="x"\n\n<p>Web.</p>\n\n=end html\n\nAfter.\n').content).toBe("A\n\nAfter.");
    // Blank lines before the first command (perldoc.pod opens with one) hide nothing.
    expect(readPod("\n \n=head1 NAME\n\nperldoc - look up documentation\n")).toMatchObject({ title: "perldoc - look up documentation" });
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest([{ id: "code.pod", content: "print 1;\n", format: "pod" }]);
      expect(report.failures).toMatchObject([{ source: "code.pod", code: "LOAD_FAILED", reason: expect.stringContaining("starts at a command paragraph") }]);
    });
  });

  it("is found by keyword and vector search with its headings, from a file and from memory", async () => {
    await withMemoryRag(async (rag) => {
      const report = await rag.ingest(["test/fixtures/sources/acme.pod"], { root: "test/fixtures/sources" });
      expect(report.documents).toMatchObject({ added: 1, failed: 0 });
      await rag.ingest([{ id: "memory", content: readFileSync(FIXTURE, "utf8"), format: "pod" }]);
      const hits = await rag.search("which port does it listen on", { topK: 2, mode: "keyword" });
      expect(hits.map((h) => h.metadata.source).sort()).toEqual(["acme.pod", "memory"]);
      for (const hit of hits) expect(hit.metadata).toMatchObject({ format: "pod", headings: ["DESCRIPTION", "Options", "port"] });
    });
  });
});
