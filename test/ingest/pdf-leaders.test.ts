import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFile } from "../../src/ingest/loaders/index.js";
import { withoutLeaders } from "../../src/ingest/loaders/pdf/leaders.js";
import { makePdf } from "../support/make-pdf.js";
import { quickly } from "../support/timing.js";

const tmp = mkdtempSync(join(tmpdir(), "libsql-rag-pdf-leaders-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One page's text as `withoutLeaders` leaves it. */
const read = (...lines: string[]) => withoutLeaders([{ page: 1, text: lines.join("\n") }])[0]?.text;

describe("loadFile: a PDF's dot leaders", () => {
  it("reads a table of contents without its leaders and page numbers, and the text beside it as it is", async () => {
    const path = join(tmp, "guide.pdf");
    writeFileSync(
      path,
      makePdf([
        [
          "Contents",
          "1 What is PSfrag? 1",
          "2.1 Choosing a PostScript driver . . . . . . . . . . . . . . . . 2",
          "5.1 Embedding PSfrag operations into EPS files . . . . . . . . . 6",
          "Many drawing packages produce EPS output.",
        ],
        ["Tag the figure, then replace each tag. See section 2.1 on page 2."],
      ]),
    );
    const [doc] = await loadFile(path, { root: tmp });
    expect(doc?.content).toBe(
      "Contents\n1 What is PSfrag? 1\n2.1 Choosing a PostScript driver\n5.1 Embedding PSfrag operations into EPS files\n" +
        "Many drawing packages produce EPS output.\n\nTag the figure, then replace each tag. See section 2.1 on page 2.",
    );
  });

  it("keeps an index's names and a summary's words, and drops the references a leader leads to, on its line or the next", () => {
    expect(
      read(
        "\\stockheight (length) Height of the stock paper. . . . . . . . . . 8",
        "\\eqa@oldnumber . . . . . . . . . . . . . . .",
        ". . . . . . 955, 979, 1070, 1075, 1083",
        "\\bool_set_true:N . . . . . 13, 26, 27, 28,",
        "74, 93, 97, 134, 148,",
        "350, 353, 357",
        "Loren B. Davis (contributor) . . . . . . . . U30, 197",
        "Added \\ifdefstring . . . . . . . . . . . . . 3.6.1",
        "\\@multitoc@starttoc . 14, 18, 23, 28",
        "\\immediateaddtocontents . . 5, 42",
        "Front matter . . . . . . . . . xiv",
        "Installation……………… 3",
        "Overview.............................12",
      ),
    ).toBe(
      [
        "\\stockheight (length) Height of the stock paper",
        "\\eqa@oldnumber",
        "\\bool_set_true:N",
        "Loren B. Davis (contributor)",
        "Added \\ifdefstring",
        "\\@multitoc@starttoc",
        "\\immediateaddtocontents",
        "Front matter",
        "Installation",
        "Overview",
      ].join("\n"),
    );
  });

  it("tells which lines were entries, counted in the page's text as left", () => {
    expect(withoutLeaders([{ page: 3, text: ". . . . . . 955, 979\n\nSymbols\n\\and . . . . 16\n\\begin . . . . 17, 22\nText." }])).toEqual([
      { page: 3, text: "Symbols\n\\and\n\\begin\nText.", entries: [1, 2] },
    ]);
  });

  it("keeps an ellipsis, a full stop before a number, numbers after text, and a page of nothing but a leader", () => {
    const prose = [
      "Fig. 3",
      "see e.g. 3",
      "x = 1, . . . , n",
      "It waits... 5 seconds",
      "Call f(a, b, ...).",
      "Released in 1998 . . .",
      "such as file size, checksum, ....",
    ];
    expect(read(...prose)).toBe(prose.join("\n"));
    // A line of references that no leader came before is text: a row of a table of numbers.
    expect(read("Sizes", "10, 12, 14")).toBe("Sizes\n10, 12, 14");
    expect(read(". . . . . . 5")).toBe(". . . . . . 5");
  });

  it("reads a line of 200,000 leader dots, and a line of references after a leader, in linear time", () => {
    quickly(() => read(`${"x".repeat(10)}${" .".repeat(100_000)}y`), 1_000);
    quickly(() => read("a . . . . 1,", `${"1.1, 2-3, ".repeat(100_000)}x`), 1_000);
  });
});
