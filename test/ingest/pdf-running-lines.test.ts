import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFile, type LoadedDocument } from "../../src/ingest/loaders/index.js";
import { titleOf, withAccentsOnLetters, withoutRunningLines } from "../../src/ingest/loaders/pdf/text.js";
import { makePdf } from "../support/make-pdf.js";
import { quickly } from "../support/timing.js";

const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-pdf-running-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function loadPages(name: string, pages: readonly (readonly string[])[], title?: string, winAnsi = false): Promise<LoadedDocument> {
  writeFileSync(join(tmp, name), makePdf(pages, { ...(title === undefined ? {} : { title }), winAnsi }));
  const [doc] = await loadFile(join(tmp, name), { root: tmp });
  return doc!;
}

/** A one-page PDF of `stream`, a content stream as written (PDF operators, font `/F1`), loaded. */
async function loadStream(name: string, stream: string): Promise<LoadedDocument> {
  writeFileSync(join(tmp, name), makePdf([], { streams: [stream] }));
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

  it("drops a book's chapter and section heads that alternate over left- and right-hand pages without a page number", async () => {
    // Two chapters of eight pages: each head stands on four pages of sixteen, its chapter number fixed.
    const bodies = Array.from({ length: 16 }, (_, i) => `Body of page ${String.fromCharCode(97 + i)}.`);
    const heads = (i: number) => (i < 8 ? ["10. FLOATS AND CAPTIONS", "10.1. NEW FLOAT ENVIRONMENTS"] : ["11. ROWS AND COLUMNS", "11.1. TABULAR"])[i % 2]!;
    const doc = await loadPages(
      "memoir.pdf",
      bodies.map((body, i) => [heads(i), body]),
    );
    expect(Object.values(pageTexts(doc))).toEqual(bodies);
    // Labels that alternate in ordinary words ("Question", "Answer") are text.
    const cards = await loadPages(
      "cards.pdf",
      bodies.slice(0, 8).map((body, i) => [i % 2 === 0 ? "Question" : "Answer", body]),
    );
    expect(Object.values(pageTexts(cards))).toEqual(bodies.slice(0, 8).map((body, i) => `${i % 2 === 0 ? "Question" : "Answer"}\n${body}`));
  });

  it("drops a reference manual's heads that change with every topic, by the page number they carry", async () => {
    // Each topic spans two pages, its head on the outer side: "abs 11" over the left page, "12 abs" over the right.
    const topics = ["abs", "abs", "acos", "acos", "apply", "apply"];
    const pages = topics.map((topic, i) => [i % 2 === 0 ? `${topic} ${i + 11}` : `${i + 11} ${topic}`, `Usage: ${topic}(x), part ${i % 2}.`]);
    const doc = await loadPages("refman.pdf", pages);
    expect(Object.values(pageTexts(doc))).toEqual(topics.map((topic, i) => `Usage: ${topic}(x), part ${i % 2}.`));
  });

  it("keeps rows of numbers, numbered titles of one page each, and numbers and words that only look like page numbers", async () => {
    const rows = (page: number) => [1, 2, 3, 4, 5, 6].map((row) => `${page * 10 + row} 0.${row}0 3.1${row}`);
    const table = await loadPages("table.pdf", [1, 2, 3, 4].map(rows));
    expect(Object.values(pageTexts(table))).toEqual([1, 2, 3, 4].map((page) => rows(page).join("\n")));
    const slides = ["Introduction", "Methods", "Results", "Discussion", "Conclusion"];
    const deck = await loadPages(
      "slides.pdf",
      slides.map((slide, i) => [`${i + 1}. ${slide}`, `What the ${slide.toLowerCase()} slide says.`]),
    );
    expect(Object.values(pageTexts(deck))).toEqual(slides.map((slide, i) => `${i + 1}. ${slide}\nWhat the ${slide.toLowerCase()} slide says.`));
    const invoice = await loadPages("invoice.pdf", [
      ["Invoice 2024-17", "Item: widgets", "Quantity", "6"],
      ["CLI", "Shipping to the customer", "Total due (EUR)", "480"],
    ]);
    expect(invoice.content).toBe("Invoice 2024-17\nItem: widgets\nQuantity\n6\n\nCLI\nShipping to the customer\nTotal due (EUR)\n480");
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

  it("drops a page number written with its label or its dashes: 'Page 4 of 5', '4 / 5', '- 4 -'", async () => {
    const bodies = ["Download the installer.", "Run it as an administrator.", "Choose a data folder.", "Start the service.", "Log in."];
    for (const [name, foot] of [
      ["page-of.pdf", (n: number) => `Page ${n} of 5`],
      ["slash.pdf", (n: number) => `${n} / 5`],
      ["dashes.pdf", (n: number) => `- ${n} -`],
    ] as const) {
      const doc = await loadPages(
        name,
        bodies.map((body, i) => [body, foot(i + 1)]),
      );
      expect(doc.content, name).toBe(bodies.join("\n\n"));
    }
  });

  it("reads a foot of 'page', 100,000 blanks and a word in linear time, as text", () => {
    const pages = [1, 2, 3, 4, 5].map((page) => ({ page, text: `Body of page ${page}.\npage${" ".repeat(100_000)}x${page}` }));
    expect(quickly(() => withoutRunningLines(pages), 2000)).toEqual(pages);
  });

  it("drops the page number alone at the foot of a chapter's first page, where the feet after it carry theirs with the title", async () => {
    const bodies = ["Download the installer.", "Run it as an administrator.", "Choose a data folder."];
    const doc = await loadPages("opener.pdf", [
      ["Introduction", "This manual covers the setup.", "1"],
      ...bodies.map((body, i) => [body, `Acme Database Manual ${i + 2}`]),
    ]);
    expect(doc.content).toBe(["Introduction\nThis manual covers the setup.", ...bodies].join("\n\n"));
  });

  it("drops a lower-case roman page number alone at the foot of front-matter pages", async () => {
    const doc = await loadPages("preface.pdf", [
      ["Preface", "This book is about databases.", "iii"],
      ["It assumes some SQL.", "iv"],
    ]);
    expect(doc.content).toBe("Preface\nThis book is about databases.\n\nIt assumes some SQL.");
  });

  it("keeps a line longer than a running head can be, though it stands at the top of every page", async () => {
    const notice = "Confidential: this draft is shared with the review board only and may change before it is published; do not forward or quote it.";
    const bodies = ["Download the installer.", "Run it as an administrator.", "Choose a data folder."];
    // The notice in small type, so that the whole line fits on the page.
    const streams = bodies.map((body) => `BT /F1 6 Tf 20 760 Td (${notice}) Tj ET\nBT /F1 12 Tf 72 700 Td (${body}) Tj ET`);
    writeFileSync(join(tmp, "notice.pdf"), makePdf([], { streams }));
    const [doc] = await loadFile(join(tmp, "notice.pdf"), { root: tmp });
    expect(notice.length).toBeGreaterThan(120);
    expect(doc?.content).toBe(bodies.map((body) => `${notice}\n${body}`).join("\n\n"));
  });

  it("counts a page once for a line shape it has twice at its top, and keeps lines that stand on two pages", async () => {
    const doc = await loadPages("exercises.pdf", [
      ["Exercise 1", "Exercise 2", "Solve both before you read on."],
      ["Exercise 3", "Exercise 4", "Check your answers at the back."],
    ]);
    expect(doc.content).toBe("Exercise 1\nExercise 2\nSolve both before you read on.\n\nExercise 3\nExercise 4\nCheck your answers at the back.");
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
    expect((await loadPages("word2.pdf", [["Annual report", ...body]], "Microsoft Word - Annual Report 2023.docx")).title).toBe("Annual report");
    // A paper without a title in its info: the line in display type, wrapped onto two lines, not the header above it.
    const paper = [
      "BT /F1 9 Tf 72 760 Td (Published as a conference paper at ICLR 2021) Tj ET",
      "BT /F1 17 Tf 72 720 Td (Retrieval on Small Machines:) Tj ET",
      "BT /F1 17 Tf 72 700 Td (A Study of Hybrid Search) Tj ET",
      "BT /F1 10 Tf 72 660 Td (We study retrieval on machines with two cores and no network.) Tj ET",
      "BT /F1 10 Tf 72 648 Td (Our findings hold for twelve corpora of documentation.) Tj ET",
    ].join("\n");
    expect((await loadStream("paper.pdf", paper)).title).toBe("Retrieval on Small Machines: A Study of Hybrid Search");
    // After a blank cover page, from the first page with text.
    writeFileSync(join(tmp, "cover.pdf"), makePdf([], { streams: ["", paper] }));
    expect((await loadFile(join(tmp, "cover.pdf"), { root: tmp }))[0]?.title).toBe("Retrieval on Small Machines: A Study of Hybrid Search");
    // A first line too long for a title ends the search if it has words, and is passed over if it has none.
    expect(titleOf(undefined, `${"words ".repeat(200)}\nShort Title\nBody.`)).toBeUndefined();
    expect(titleOf(undefined, `${"-".repeat(1200)}\nShort Title\nBody.`)).toBe("Short Title");
    // A sentence, or the start of one, is not a title.
    expect((await loadPages("prose.pdf", [["All human beings are born free and equal. They are endowed with reason."]])).title).toBeUndefined();
    expect((await loadPages("start.pdf", [["We train the model", "on three corpora."]])).title).toBeUndefined();
  });

  it("ends the search for a title at a first line too long for one that has any letter", () => {
    expect(titleOf(undefined, `${"-".repeat(1200)}x\nShort Title\nBody.`)).toBeUndefined();
  });
});

describe("loadFile: words a PDF hyphenates at a line's end", () => {
  it("joins them again, keeping a hyphen the document writes elsewhere and leaving capitals and dashes alone", async () => {
    const doc = await loadPages("hyphens.pdf", [
      ["Each com-", "mand takes an environ-", "ment.", "A well-", "known package is a well-known choice.", "Ask Jean-", "Pierre, or see the -", "option."],
    ]);
    expect(doc.content).toBe("Each command\ntakes an environment.\nA well-known\npackage is a well-known choice.\nAsk Jean-\nPierre, or see the -\noption.");
    const compounds = await loadPages("compounds.pdf", [
      ["Tests run end-", "to-end on a state-of-", "the-art rig, with pre-", "and post-processing and a co-", "operative long-", "term plan."],
    ]);
    // A compound broken at its hyphen keeps it, a suspended hyphen stays; "long-term", written nowhere else, is
    // joined as a syllable break would be.
    expect(compounds.content).toBe("Tests run end-to-end\non a state-of-the-art\nrig, with pre-\nand post-processing and a cooperative\nlongterm\nplan.");
  });
});

describe("loadFile: a PDF's accents", () => {
  it("puts a spacing accent on the letter after it, but not an acute used as an apostrophe", async () => {
    const lines = [
      "Names",
      "Thanks to Schr\u00a8oder, B\u00a8ottcher, Ren\u00b4e and Andr\u00b4e.",
      "A `code` span and x^2 stay, and so do Peter\u00b4s notes: don\u00b4t change them.",
    ];
    const doc = await loadPages("accents.pdf", [lines], "Accents", true);
    expect(doc.content).toBe(
      "Names\nThanks to Schröder, Böttcher, René and André.\nA `code` span and x^2 stay, and so do Peter\u00b4s notes: don\u00b4t change them.",
    );
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
    const doc = await loadStream("apart.pdf", stream);
    expect(doc.content).toBe("As mentioned above newfloat\nName Default\nkerning");
  });
});

describe("withAccentsOnLetters: TeX's spacing accents put on their letters", () => {
  it("puts an accent on the letter after it, but leaves a URL's or a path's tilde", () => {
    expect(withAccentsOnLetters("Schr\u00a8oder at http://example.org/\u02dcuser and ~/\u02dcfiles")).toBe(
      "Schröder at http://example.org/\u02dcuser and ~/\u02dcfiles",
    );
  });
});
