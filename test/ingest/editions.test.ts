import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { editionCandidates } from "../../src/ingest/editions.js";
import { withMemoryRag as withRag } from "../support/memory-rag.js";

const WORDS = "task worker queue broker result retry route schedule chain group chord signal beat rate limit time".split(" ");

/** `count` words of a chapter of its own: the same seed gives the same text. */
function prose(seed: number, count: number): string {
  const words: string[] = [];
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 48271) % 2147483647;
    words.push(`${WORDS[(x >> 4) % WORDS.length]}${(x >> 12) % 997}`);
  }
  return words.join(" ");
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><nav><a href="index.html">Home</a></nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`;

describe("a one-page edition of the pages beside it", () => {
  let book: string;
  const chapters = Array.from({ length: 12 }, (_, i) => prose(i + 1, 1500));
  beforeEach(() => {
    book = join(realpathSync(mkdtempSync(join(tmpdir(), "editions-"))), "book");
    mkdirSync(book);
    chapters.forEach((text, i) => writeFileSync(join(book, `ch${String(i + 1).padStart(2, "0")}.html`), page(`Chapter ${i + 1}`, text)));
    // mdBook's print.html: every chapter again, one after the other.
    writeFileSync(join(book, "print.html"), page("The Book", chapters.map((text, i) => `</p><h1>Chapter ${i + 1}</h1><p>${text}`).join("")));
  });
  afterEach(() => rmSync(join(book, ".."), { recursive: true, force: true }));

  const sourcesOf = async (folder: string) =>
    withRag(async (rag) => {
      const report = await rag.ingest([folder]);
      const sources = [...new Set((await rag.collection.list({ limit: 10_000 })).map((r) => String(r.metadata.source)))];
      return { copies: report.sourceCopies.map((c) => c.source), sources };
    });

  it("is a candidate when it is large and eight times its folder's typical page", () => {
    const pages = [...chapters.keys()].map((i) => join(book, `ch${String(i + 1).padStart(2, "0")}.html`));
    expect([...editionCandidates([...pages, join(book, "print.html")])]).toEqual([join(book, "print.html")]);
    // Two other pages are too few to say what a page of the folder is like.
    expect(editionCandidates([...pages.slice(0, 2), join(book, "print.html")]).size).toBe(0);
    // A large page among pages as large is none: Python's library reference has many.
    const large = join(book, "..", "large");
    mkdirSync(large);
    for (let i = 0; i < 5; i++) writeFileSync(join(large, `mod${i}.html`), page(`Module ${i}`, prose(50 + i, 15_000 + 3000 * i)));
    expect(editionCandidates([0, 1, 2, 3, 4].map((i) => join(large, `mod${i}.html`))).size).toBe(0);
  });

  it("is left out as a copy when the pages it holds whole hold its words; the chapters stay", async () => {
    const { copies, sources } = await sourcesOf(book);
    expect(copies).toEqual([join(book, "print.html")]);
    expect(sources).toHaveLength(12);
  });

  it("is measured uncompressed when gzip-compressed, as Debian ships large pages", async () => {
    const print = join(book, "print.html");
    writeFileSync(`${print}.gz`, gzipSync(readFileSync(print), { level: 9 }));
    rmSync(print);
    expect([...editionCandidates(readdirSync(book).map((name) => join(book, name)))]).toEqual([`${print}.gz`]);
    expect((await sourcesOf(book)).copies).toEqual([`${print}.gz`]);
  });

  it("is left out again by the next run, and the unchanged chapters are not read again", async () => {
    await withRag(async (rag) => {
      await rag.ingest([book]);
      const again = await rag.ingest([book]);
      expect(again.documents).toMatchObject({ added: 0, updated: 0, unchanged: 12 });
      expect(again.sourceCopies.map((c) => c.source)).toEqual([join(book, "print.html")]);
    });
  });

  it("is kept when one page repeats it, or other pages say its text only in part", async () => {
    // Two large pages, each the other but for a few words (rustdoc's primitive.i32 and primitive.i64): both stay.
    const twin = chapters.slice(0, 10).join(" ");
    writeFileSync(join(book, "print.html"), page("i32", `${twin} i32`));
    writeFileSync(join(book, "twin.html"), page("i64", `${twin} i64`));
    expect((await sourcesOf(book)).copies).toEqual([]);
  });

  it("is kept when the pages that say its text say it among much of their own", async () => {
    // rustdoc's primitive.array.html: its methods' text is on 40 other pages, each a quarter of that page.
    const api = join(book, "..", "api");
    mkdirSync(api);
    const parts = Array.from({ length: 40 }, (_, i) => prose(100 + i, 400));
    parts.forEach((part, i) => writeFileSync(join(api, `trait${i}.html`), page(`Trait ${i}`, `${part} ${prose(200 + i, 1200)}`)));
    writeFileSync(join(api, "primitive.array.html"), page("array", parts.join(" ")));
    expect(editionCandidates(parts.map((_, i) => join(api, `trait${i}.html`)).concat(join(api, "primitive.array.html"))).size).toBe(1);
    expect((await sourcesOf(api)).copies).toEqual([]);
  });
});

describe("a plain-text edition of the pages beside it", () => {
  let docs: string;
  const modules = Array.from({ length: 8 }, (_, i) => prose(300 + i, 2500));
  beforeEach(() => {
    docs = join(realpathSync(mkdtempSync(join(tmpdir(), "text-editions-"))), "base");
    mkdirSync(docs);
    modules.forEach((text, i) => writeFileSync(join(docs, `Module-${i}.html`), page(`Module ${i}`, text)));
  });
  afterEach(() => rmSync(join(docs, ".."), { recursive: true, force: true }));

  const ingested = async () =>
    withRag(async (rag) => {
      const report = await rag.ingest([docs]);
      const sources = [...new Set((await rag.collection.list({ limit: 10_000 })).map((r) => basename(String(r.metadata.source))))].sort();
      return { copies: report.sourceCopies.map((c) => c.source), sources };
    });

  it("is left out as a copy when the pages hold its words, its generator's inline tags aside (Haddock's Hoogle database)", async () => {
    // Every module's text again, as comments over signatures, with Haddock's <a> around names.
    const hoogle = modules.map((text, i) => `-- | ${text.replace(/ (\S+) /g, (_, word: string) => ` <a>${word}</a> `)}\nmodule Module${i}\n`).join("\n");
    writeFileSync(join(docs, "base.txt"), hoogle);
    const { copies, sources } = await ingested();
    expect(copies).toEqual([join(docs, "base.txt")]);
    expect(sources).toHaveLength(8);
  });

  it("is kept when it says something else, or is small", async () => {
    // A release history beside the pages: large, and its words are its own.
    writeFileSync(join(docs, "changes.txt"), Array.from({ length: 40 }, (_, i) => `Version ${i}\n${prose(900 + i, 400)}`).join("\n\n"));
    // A short note that the pages also say word for word is no edition of them: under 100 KB it is not compared.
    writeFileSync(join(docs, "note.txt"), modules[0]!.slice(0, 4000));
    const { copies, sources } = await ingested();
    expect(copies).toEqual([]);
    expect(sources).toEqual(expect.arrayContaining(["changes.txt", "note.txt"]));
    expect(statSync(join(docs, "changes.txt")).size).toBeGreaterThan(100 * 1024);
  });
});
