import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFile, type LoadedDocument } from "../../src/ingest/loaders/index.js";
import { makePdf } from "../support/make-pdf.js";

const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-pdf-running-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function loadPages(name: string, pages: readonly (readonly string[])[], title?: string, winAnsi = false): Promise<LoadedDocument> {
  writeFileSync(join(tmp, name), makePdf(pages, { ...(title === undefined ? {} : { title }), winAnsi }));
  const [doc] = await loadFile(join(tmp, name), { root: tmp });
  return doc!;
}

/** Each page section's text, by page number. */
function pageTexts(doc: LoadedDocument): Record<number, string> {
  return Object.fromEntries((doc.sections ?? []).map((s) => [s.page ?? 0, doc.content.slice(s.start, s.end)]));
}

describe("loadFile: a PDF's running heads and feet", () => {
  it("drops a chapter head with its page number and a foot repeated on every page, and keeps the body", async () => {
    const bodies = ["Download the installer.", "Run it as an administrator.", "Choose a data folder.", "Start the service."];
    const doc = await loadPages(
      "book.pdf",
      bodies.map((body, i) => [`Chapter 1: Getting started ${i + 4}`, body, "Acme Database Manual"]),
    );
    expect(pageTexts(doc)).toEqual({ 1: bodies[0], 2: bodies[1], 3: bodies[2], 4: bodies[3] });
  });

  it("drops a book's chapter and section heads that alternate over left- and right-hand pages without a number", async () => {
    const bodies = ["Floats move.", "Captions name them.", "Subfloats share one.", "Legends sit below.", "Margins hold notes.", "Lists of floats close it."];
    const heads = ["10. FLOATS AND CAPTIONS", "10.1. NEW FLOAT ENVIRONMENTS"];
    const doc = await loadPages(
      "memoir.pdf",
      bodies.map((body, i) => [heads[i % 2]!, body]),
    );
    expect(Object.values(pageTexts(doc))).toEqual(bodies);
  });

  it("drops a reference manual's heads that change with every topic, by the page number they carry", async () => {
    const topics = ["abs", "acos", "apply", "array", "attr"];
    const pages = topics.map((topic, i) => [i % 2 === 0 ? `${topic} ${i + 11}` : `${i + 11} ${topic}`, `Usage: ${topic}(x) returns a value.`]);
    const doc = await loadPages("refman.pdf", pages);
    expect(Object.values(pageTexts(doc))).toEqual(topics.map((topic) => `Usage: ${topic}(x) returns a value.`));
  });

  it("drops a page number alone, and keeps a line that repeats without a changing number or on too few pages", async () => {
    // A reference at the foot of three pages of eight: the same year each time, and under half the pages.
    const runs = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"];
    const doc = await loadPages(
      "notes.pdf",
      runs.map((run, i) => [`The ${run} run is described here.`, ...(i < 3 ? ["Murrell, P. (2005) R Graphics."] : []), String(i + 1)]),
    );
    expect(Object.values(pageTexts(doc))).toEqual(runs.map((run, i) => `The ${run} run is described here.${i < 3 ? "\nMurrell, P. (2005) R Graphics." : ""}`));
    const two = await loadPages("two.pdf", [
      ["Chapter 1: Basics 1", "One."],
      ["Chapter 1: Basics 2", "Two."],
    ]);
    expect(two.content).toBe("Chapter 1: Basics 1\nOne.\n\nChapter 1: Basics 2\nTwo.");
  });
});

describe("loadFile: a PDF's title", () => {
  it("takes the document info's title, else the first line when it reads as a title", async () => {
    const body = ["Floats are placed where they fit."];
    expect((await loadPages("given.pdf", [["The float package", ...body]], "An Improved Environment for Floats")).title).toBe(
      "An Improved Environment for Floats",
    );
    // dvips and office suites write the file's name as the title: the first line says more.
    expect((await loadPages("dvi.pdf", [["The float∗ package", ...body]], "float.dvi")).title).toBe("The float package");
    expect((await loadPages("word.pdf", [["Quarterly report:", ...body]], "Microsoft Word - q3.docx")).title).toBe("Quarterly report");
    expect((await loadPages("none.pdf", [["1", "Publication quality tables in LaTeX∗", ...body]])).title).toBe("Publication quality tables in LaTeX");
    // A sentence is not a title.
    expect((await loadPages("prose.pdf", [["All human beings are born free and equal. They are endowed with reason."]])).title).toBeUndefined();
  });
});

describe("loadFile: words a PDF hyphenates at a line's end", () => {
  it("joins them again, keeping a hyphen the document writes elsewhere and leaving capitals and dashes alone", async () => {
    const doc = await loadPages("hyphens.pdf", [
      ["Each com-", "mand takes an environ-", "ment.", "A well-", "known package is a well-known choice.", "Ask Jean-", "Pierre, or see the -", "option."],
    ]);
    expect(doc.content).toBe("Each command\ntakes an environment.\nA well-known\npackage is a well-known choice.\nAsk Jean-\nPierre, or see the -\noption.");
  });
});

describe("loadFile: a PDF's accents and control characters", () => {
  it("puts a spacing accent on the letter after it, and drops control characters", async () => {
    const lines = ["Names", "Thanks to Schr\u00a8oder, B\u00a8ottcher and Ren\u00b4e.\u001b\u0010", "A `code` span and x^2 stay."];
    const doc = await loadPages("accents.pdf", [lines], "Accents", true);
    expect(doc.content).toBe("Names\nThanks to Schröder, Böttcher and René.\nA `code` span and x^2 stay.");
  });
});

describe("loadFile: pieces of a PDF line set apart", () => {
  it("puts a space between two pieces of one line that stand apart, a margin note to its left or a cell to its right", async () => {
    // The line, then a command's name set in the left margin after it (LaTeX's documentation), then a table row
    // whose cells are placed one by one, as TeX places them: no space characters anywhere.
    const stream = [
      "BT /F1 12 Tf 100 720 Td (As mentioned above) Tj ET",
      "BT /F1 12 Tf 20 720 Td (newfloat) Tj ET",
      "BT /F1 12 Tf 100 700 Td (Name) Tj ET",
      "BT /F1 12 Tf 200 700 Td (Default) Tj ET",
      // A kern inside a word is no gap.
      "BT /F1 12 Tf 100 680 Td [(kern) 80 (ing)] TJ ET",
    ].join("\n");
    writeFileSync(join(tmp, "apart.pdf"), makePdf([], { streams: [stream] }));
    const [doc] = await loadFile(join(tmp, "apart.pdf"), { root: tmp });
    expect(doc!.content).toBe("As mentioned above newfloat\nName Default\nkerning");
  });
});
