import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { formatExtension } from "../../src/ingest/loaders/extension.js";
import { loadFile } from "../../src/ingest/loaders/index.js";
import { readManPage } from "../../src/ingest/loaders/man/man-page.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { withMemoryRag } from "../support/memory-rag.js";

const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-man-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A page in the man(7) macros, with what pod2man's and asciidoctor's preambles define for themselves. */
const PAGE = String.raw`.\" Comment lines are not text.
.ie \n(.g .ds Aq \(aq
.el       .ds Aq '
.de Vb \" Begin verbatim text
.nf
.ne \\$1
..
.de Ve \" End verbatim text
.fi
..
.de URL
\fI\\$2\fP <\\$1>\\$3
..
.ig
Nothing in here is read.
..
.if t \{\
.ds Tx typeset only
.\}
.TH FETCH 1 "2024-01-05" "fetch 2.1" "User Commands"
.SH NAME
fetch \- download a file over HTTP
.SH SYNOPSIS
.B fetch
[\fIoptions\fP] \fIurl\fP
.SH DESCRIPTION
.B fetch
downloads
.I url
to the current folder\(emquietly.
It retries
.BR wget (1)\-style
on errors \*(Tx.
.PP
Don\*(Aqt run it as root; read the
.URL "https://example.com/faq" "FAQ" "."
.SS Options
.TP
.BR \-o ", " \-\-output =\fIfile\fP
Write to
.I file
instead.
.TP
.B \-q
Be quiet.
.IP \(bu 2
First bullet.
.IP \(bu 2
Second bullet.
.SH EXAMPLE
.Vb 2
\&  fetch \-o out.html https://example.com
\&  fetch \-q https://example.com
.Ve
.SH "EXIT STATUS"
.TS
tab(@);
l l.
Code@Meaning
_
0@T{
Success, the file
was written.
T}
1@Failure
.TE
Also see the ma\c
nual.
`;

describe("readManPage: the man(7) macros", () => {
  const page = readManPage(PAGE);

  it("heads the page with its NAME line and sections with .SH and .SS", () => {
    expect(page.title).toBe("fetch - download a file over HTTP");
    expect(page.name).toBe("FETCH(1)");
    expect(page.sections.map((s) => s.headings.join(" > "))).toEqual(["NAME", "SYNOPSIS", "DESCRIPTION", "DESCRIPTION > Options", "EXAMPLE", "EXIT STATUS"]);
    for (const section of page.sections) expect(page.content.slice(section.start)).toMatch(new RegExp(`^${section.headings.at(-1)}\n`));
  });

  it("fills paragraphs, with fonts, escapes, the page's strings and macros read", () => {
    expect(page.content).toContain("fetch downloads url to the current folder—quietly. It retries wget(1)-style on errors .");
    expect(page.content).toContain("Don't run it as root; read the FAQ <https://example.com/faq>.");
    expect(page.content).toContain("fetch [options] url");
    expect(page.content).not.toMatch(/Comment|Nothing in here|typeset only|\\f|Vb|\.ne/);
  });

  it("puts a list item's tag on its line, a bullet before its paragraph, examples as written", () => {
    expect(page.content).toContain("\n-o, --output=file\nWrite to file instead.\n\n-q\nBe quiet.\n");
    expect(page.content).toContain("\n• First bullet.\n\n• Second bullet.\n");
    expect(page.content).toContain("\n  fetch -o out.html https://example.com\n  fetch -q https://example.com\n");
  });

  it("writes a table a row a line, a text block as one cell, and joins a line ending in \\c to the next", () => {
    expect(page.content).toContain("\nCode | Meaning\n0 | Success, the file was written.\n1 | Failure\n");
    expect(page.content.endsWith("Also see the manual.")).toBe(true);
  });

  it("keeps an escaped space at a line's end before \\c, and a space before it", () => {
    const joined = readManPage(".SH NAME\nx \\- y\n.SH DESCRIPTION\nhave type\\~\\c\n.IR t .\nSets the \\c\n.B RFC\nfield.\n");
    expect(joined.content).toContain("have type t. Sets the RFC field.");
  });
});

/** A page in mdoc(7), as the BSDs and OpenSSH write theirs. */
const MDOC = String.raw`.Dd January 5, 2024
.Dt LIST 1
.Os
.Sh NAME
.Nm list
.Nd show a folder's files
.Sh SYNOPSIS
.Nm
.Op Fl aC
.Op Fl w Ar width
.Op Ar
.Sh DESCRIPTION
The
.Nm
utility lists files, as
.Xr ls 1
does.
.Bl -tag -width Ds
.It Fl a
Include names starting with a dot
.Pq Ql \&. .
.It Fl w Ar width
Wrap at
.Ar width .
.El
.Pp
It reads
.Sm off
.Pa ~/ Ar name Op : Ar line .
.Sm on
.Sh EXIT STATUS
.Ex -std
`;

describe("readManPage: the mdoc(7) macros", () => {
  const page = readManPage(MDOC);

  it("heads the page with .Sh and titles it with its name and description", () => {
    expect(page.title).toBe("list — show a folder's files");
    expect(page.name).toBe("LIST(1)");
    expect(page.sections.map((s) => s.headings.join(" > "))).toEqual(["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS"]);
  });

  it("applies the macros called in a line, and punctuation and .Sm off join words", () => {
    expect(page.content).toContain("list [-aC] [-w width] [file ...]");
    expect(page.content).toContain("The list utility lists files, as ls(1) does.");
    expect(page.content).toContain("\n-a\nInclude names starting with a dot (‘.’).\n\n-w width\nWrap at width.\n");
    expect(page.content).toContain("It reads ~/name[:line].");
    expect(page.content).toContain("The list utility exits 0 on success, and >0 if an error occurs.");
    expect(page.content).not.toMatch(/January|\bOs\b|\bSm\b/);
  });
});

describe("readManPage: mdoc's layout, as mandoc sets it", () => {
  it("sets a SYNOPSIS's usages and prototypes on lines of their own, a function's arguments apart by commas", () => {
    const page = readManPage(
      [
        ".Dd x",
        ".Dt A 3",
        ".Sh SYNOPSIS",
        ".Nm tool",
        ".Op Fl v",
        ".Ar file",
        ".Nm tool",
        ".Fl Q Ar query",
        ".In stdio.h",
        ".In stdlib.h",
        ".Ft int",
        '.Fn open_it "const char *path" "int flags"',
        ".Ft void",
        ".Fo close_it",
        '.Fa "int fd"',
        '.Fa "int how" "int flags"',
        ".Fc",
        ".Sh DESCRIPTION",
        ".Fn open_it",
        "opens and",
        ".Fo close_it",
        ".Fa fd",
        ".Fa how",
        ".Fc",
        "closes.",
      ].join("\n"),
    );
    expect(page.content).toBe(
      [
        "SYNOPSIS",
        "tool [-v] file",
        "tool -Q query",
        "#include <stdio.h>",
        "#include <stdlib.h>",
        "",
        "int",
        "open_it(const char *path, int flags);",
        "",
        "void",
        "close_it(int fd, int how, int flags);",
        "",
        "DESCRIPTION",
        "open_it() opens and close_it(fd, how) closes.",
      ].join("\n"),
    );
  });

  it("runs an item's tag from .It Xo to .Xc on one line, and writes references, systems and versions", () => {
    const page = readManPage(
      [
        ".Dd x",
        ".Dt A 1",
        ".Sh COMMANDS",
        ".Bl -tag -width Ds",
        ".It Xo Ic attach-session",
        ".Op Fl d",
        ".Op Fl t Ar target",
        ".Xc",
        "Attach to a session.",
        ".El",
        ".Sh HISTORY",
        "It came with",
        ".Bx 4.4 Lite2 ,",
        ".Fx 10.0 ,",
        ".At v7",
        "and",
        ".Ux .",
        ".Sh SEE ALSO",
        ".Xr ls 1",
        ".Rs",
        ".%A T. Ylonen",
        ".%A S. Lehtinen",
        ".%A J. Doe",
        ".%T SSH File Transfer Protocol",
        ".%J Internet Drafts",
        ".%D January 2001",
        ".Re",
      ].join("\n"),
    );
    expect(page.content).toContain("\nattach-session [-d] [-t target]\nAttach to a session.\n");
    expect(page.content).toContain("It came with 4.4BSD-Lite2, FreeBSD 10.0, Version 7 AT&T UNIX and UNIX.");
    expect(page.content).toContain("ls(1)\n\nT. Ylonen, S. Lehtinen, and J. Doe, “SSH File Transfer Protocol”, Internet Drafts, January 2001.");
  });

  it("writes a reference a page leaves open, and closes an open tag and a function's arguments at the next heading", () => {
    const page = readManPage(
      [
        ".Dd x",
        ".Dt A 3",
        ".Sh SYNOPSIS",
        ".Fo f",
        ".Fa int",
        ".Sh SEE ALSO",
        ".Rs",
        ".%A A. Author",
        ".%T Title",
        ".Sh NOTES",
        ".Bl -tag",
        ".It Xo Ic cmd",
        "text",
        ".Sh END",
        ".Rs",
        ".%T Last",
      ].join("\n"),
    );
    expect(page.content).toBe("SYNOPSIS\nf(int\n\nSEE ALSO\nA. Author, Title.\n\nNOTES\ncmd text\n\nEND\nLast.");
  });

  it("reads Greek letters, and prints characters as .tr translates them, as pod2man's dashes are", () => {
    const page = readManPage(
      [
        ".tr \\(*W-",
        ".ds -- \\(*W-",
        ".TH A 1",
        ".SH NAME",
        "a \\- b",
        ".SH DESCRIPTION",
        "It just works \\*(-- with \\(*a, \\(*b and \\(*S.",
        ".tr ab",
        "a cab",
      ].join("\n"),
    );
    expect(page.content).toContain("It just works -- with α, β and Σ. b cbb");
  });
});

describe("readManPage: what generators write", () => {
  it("reads help2man's italic corrections, DocBook's list marks, glyph numbers, sizes, groff's .MR and .nop", () => {
    const page = readManPage(
      [
        ".rr rF",
        ".bd B 3",
        ".SH OPTIONS",
        String.raw`\fB\-\-block\-size\fR=\fI\,SIZE\/\fR`,
        ".RS 4",
        String.raw`\h'-04' 1.\h'+01'\c`,
        "They cannot.",
        ".RE",
        String.raw`\N'34'x\N'34' \s-133 \s+22 \s45 \s-(12y`,
        String.raw`.BI \-d cs\c`,
        "]",
        ".MR ls 1 ,",
        ".nop said",
        String.raw`\[constructor]\*[valueOf]\n[toString]z`,
      ].join("\n"),
    );
    expect(page.content).toBe('OPTIONS\n--block-size=SIZE\n1. They cannot.\n"x" 33 2 5 y -dcs] ls(1), said z');
  });

  it("appends to a macro (.am) and leaves its alias (.als) as it was", () => {
    const page = readManPage(".de a\nx\n..\n.als b a\n.am a\ny\n..\n.am a\nz\n..\n.SH X\n.b\n.PP\n.a\n");
    expect(page.content).toBe("X\nx\n\nx y z");
  });

  it("reads mdoc's punctuation, double flags, tables and names that are also JavaScript's", () => {
    const page = readManPage(
      [".Dd x", ".Dt A 1", ".Sh X", "from a", ".Pa .xsession", ".Fl Fl raw", ".Ic valueOf ,", ".St toString .", ".TS", "tab(@);", "l l.", "a@b", ".TE"].join(
        "\n",
      ),
    );
    expect(page.content).toBe("X\nfrom a .xsession --raw valueOf, toString.\n\na | b");
  });
});

describe("man pages as files", () => {
  it("reads names with a section's number as man pages, not shared libraries, versions, logs or other formats", () => {
    const pages = ["ls.1", "curl_easy_setopt.3.gz", "SSL_new.3ssl", "Foo::Bar.3pm", "ntfs-3g.8", "CURLOPT_DNS_LOCAL_IP4.3", "page.man"];
    const inManFolders = ["man1/gcc-12.1.gz", "share/man/man8/ld.so.8", "man0p/stdio.h.0p", "mann/after.n", "man7/utf-8.7.gz"];
    for (const name of [...pages, ...inManFolders]) expect(formatExtension(name), name).toBe(".man");
    const others = ["libfoo.so.1", "jquery-3.6.1", "gcc-12.1", "v1.2", "README.1st", "access.log.1", "notes.txt.1", "archive.7z", "after.n"];
    for (const name of others) expect(formatExtension(name), name).not.toBe(".man");
  });

  it("loads a gzip-compressed page, and fails a page of another's include or a file that is not roff, with reasons", async () => {
    const dir = join(tmp, "files");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "fetch.1.gz"), gzipSync(PAGE));
    writeFileSync(join(dir, "alias.1"), ".so man1/fetch.1\n");
    writeFileSync(join(dir, "syslog.1"), "Jan  5 10:00:00 host kernel: started\n");
    const [doc] = await loadFile(join(dir, "fetch.1.gz"), { root: dir });
    expect(doc).toMatchObject({ id: "fetch.1.gz", title: "fetch - download a file over HTTP", metadata: { source: "fetch.1.gz", format: "man" } });
    await expect(loadFile(join(dir, "alias.1"), { root: dir })).rejects.toMatchObject({
      code: "LOAD_FAILED",
      details: { reason: "alias", aliasOf: "man1/fetch.1" },
    });
    await expect(loadFile(join(dir, "syslog.1"), { root: dir })).rejects.toMatchObject({
      code: "LOAD_FAILED",
      details: { reason: "unsupported", notOfFormat: true },
    });
  });

  it("ingests a folder's man pages and leaves its shared libraries alone", async () => {
    const dir = join(tmp, "folder");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "fetch.1"), PAGE);
    writeFileSync(join(dir, "list.1"), MDOC);
    writeFileSync(join(dir, "libfetch.so.1"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    writeFileSync(join(dir, "get.1"), '.\\" An alias, as the man-pages project writes them.\n.so man1/fetch.1\n');
    // Named as pages, not pages: a rotated log and a program; ingest leaves them out as files of no format it reads.
    writeFileSync(join(dir, "fetch.log.1"), "Jan  5 10:00:00 host fetch: started\n");
    writeFileSync(join(dir, "chapter.2"), "Chapter two, in plain text.\n");
    writeFileSync(join(dir, "fetch3.9"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0, 0]));
    await withMemoryRag(
      async (rag) => {
        const report = await rag.ingest(dir);
        expect(report.failures).toEqual([]);
        expect(report.documents.added).toBe(2);
        expect(report.aliasPages).toEqual([{ source: join(dir, "get.1"), aliasOf: "man1/fetch.1" }]);
        const [hit] = await rag.search("wrap the listing at a width", { topK: 1, mode: "keyword" });
        expect(hit?.metadata).toMatchObject({ format: "man", title: "list — show a folder's files", headings: ["DESCRIPTION"] });
        expect(hit?.content).toContain("-w width\nWrap at width.");
      },
      { embedder: hashEmbedder({ dimensions: 16 }) },
    );
  });

  it("reads an alias given without the page it names as that page, once a page, and only inside the run's folders", async () => {
    const manual = join(tmp, "manual");
    mkdirSync(join(manual, "man1"), { recursive: true });
    writeFileSync(join(manual, "man1", "fetch.1"), PAGE);
    writeFileSync(join(manual, "man1", "get.1.gz"), gzipSync(".so man1/fetch.1\n"));
    writeFileSync(join(manual, "man1", "wget.1"), ".so man1/fetch.1\n");
    // A page outside the folders the run was given is not read, as an include's is not.
    writeFileSync(join(manual, "secret.1"), PAGE);
    writeFileSync(join(manual, "man1", "peek.1"), ".so secret.1\n");
    // A file that is not a man page is not read in the alias's place.
    writeFileSync(join(manual, "man1", "notes.txt"), "Notes, not a page.\n");
    writeFileSync(join(manual, "man1", "odd.1"), ".so man1/notes.txt\n");
    const alone = ["get.1.gz", "wget.1", "peek.1", "odd.1"].map((name) => join(manual, "man1", name));
    await withMemoryRag(
      async (rag) => {
        const first = await rag.ingest(alone, { root: manual, prune: true });
        expect(first.failures).toEqual([]);
        expect(first.documents.added).toBe(1);
        expect(first.aliasPages).toEqual([
          { source: join(manual, "man1", "odd.1"), aliasOf: "man1/notes.txt" },
          { source: join(manual, "man1", "peek.1"), aliasOf: "secret.1" },
          { source: join(manual, "man1", "wget.1"), aliasOf: "man1/fetch.1" },
        ]);
        const [hit] = await rag.search("download a file over HTTP", { topK: 1, mode: "keyword" });
        expect(hit?.metadata).toMatchObject({ source: "man1/get.1.gz", format: "man", title: "fetch - download a file over HTTP" });
        // Given the page itself, the run reads it, and the alias is left out again.
        const second = await rag.ingest([join(manual, "man1")], { root: manual, prune: true });
        expect(second.documents).toMatchObject({ added: 2, removed: 1 });
        const sources = new Set((await rag.collection.list({ limit: 100 })).map((r) => r.metadata.source));
        expect([...sources].sort()).toEqual(["man1/fetch.1", "man1/notes.txt"]);
      },
      { embedder: hashEmbedder({ dimensions: 16 }) },
    );
  });

  it("follows an alias of an alias to its page, and leaves a cycle of aliases out", async () => {
    const manual = join(tmp, "chain");
    mkdirSync(join(manual, "man1"), { recursive: true });
    writeFileSync(join(manual, "man1", "fetch.1"), PAGE);
    writeFileSync(join(manual, "man1", "get.1"), ".so man1/fetch.1\n");
    writeFileSync(join(manual, "man1", "grab.1"), ".so man1/get.1\n");
    writeFileSync(join(manual, "man1", "x.1"), ".so man1/y.1\n");
    writeFileSync(join(manual, "man1", "y.1"), ".so man1/x.1\n");
    await withMemoryRag(
      async (rag) => {
        const report = await rag.ingest(
          ["grab.1", "x.1"].map((name) => join(manual, "man1", name)),
          { root: manual },
        );
        expect(report.documents.added).toBe(1);
        expect(report.aliasPages).toEqual([{ source: join(manual, "man1", "x.1"), aliasOf: "man1/y.1" }]);
        const records = await rag.collection.list({ limit: 100 });
        expect(new Set(records.map((r) => r.metadata.source))).toEqual(new Set(["man1/grab.1"]));
        expect(records.some((r) => r.content.includes("Be quiet."))).toBe(true);
      },
      { embedder: hashEmbedder({ dimensions: 16 }) },
    );
  });

  it('reads a man page given in memory with format "man"', async () => {
    await withMemoryRag(
      async (rag) => {
        await rag.ingest({ id: "fetch", content: PAGE, format: "man" });
        const records = await rag.collection.list({ limit: 100 });
        expect(records.length).toBeGreaterThan(1);
        expect(records[0]?.metadata).toMatchObject({ source: "fetch", format: "man", title: "fetch - download a file over HTTP" });
        expect(records.some((r) => r.content.includes("\n-q\nBe quiet."))).toBe(true);
      },
      { embedder: hashEmbedder({ dimensions: 16 }) },
    );
  });
});
