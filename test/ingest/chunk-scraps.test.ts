import { describe, expect, it } from "vitest";
import { balanceScraps } from "../../src/ingest/chunking/balance.js";
import { chunkDocument } from "../../src/ingest/chunking/index.js";

const chars = (start: number, end: number) => end - start;

/** The text of each span that balanceScraps makes of `spans`, sized in characters. */
const balancedTexts = (text: string, spans: [number, number][], size: number) =>
  balanceScraps(text, spans, size, chars).map(([start, end]) => text.slice(start, end));

/** Each span starts and ends after the one before it: the chunks stay in order and none holds another. */
function expectInOrder(spans: readonly (readonly [number, number])[]): void {
  for (let i = 1; i < spans.length; i += 1) {
    expect(spans[i]![0]).toBeGreaterThan(spans[i - 1]![0]);
    expect(spans[i]![1]).toBeGreaterThan(spans[i - 1]![1]);
  }
}

describe("balanceScraps: a scrap cut from a paragraph and the chunk before it", () => {
  const first = "The first sentence is here. The second one follows it. ";
  const text = `${first}The third ends the paragraph.`;

  it("become two halves cut where a sentence ends nearest the middle", () => {
    const spans = balanceScraps(
      text,
      [
        [0, 70],
        [71, text.length],
      ],
      80,
      chars,
    );
    expect(spans).toEqual([
      [0, 54],
      [55, text.length],
    ]);
    expect(text.slice(0, 54)).toBe("The first sentence is here. The second one follows it.");
    expect(text.slice(55)).toBe("The third ends the paragraph.");
  });

  it("leave a short paragraph of its own as it is, and a chunk that is no scrap", () => {
    const paragraphs = `${first.trim()}\n\nShort one.`;
    expect(
      balanceScraps(
        paragraphs,
        [
          [0, first.length - 1],
          [first.length + 1, paragraphs.length],
        ],
        80,
        chars,
      ),
    ).toEqual([
      [0, first.length - 1],
      [first.length + 1, paragraphs.length],
    ]);
    // 40 characters of an 80-character size is half of it, not a scrap.
    expect(
      balanceScraps(
        text,
        [
          [0, 45],
          [45, text.length],
        ],
        80,
        chars,
      ),
    ).toEqual([
      [0, 45],
      [45, text.length],
    ]);
  });

  it("cut at a line, then a word, when no sentence ends in the text; keep both when no cut fits the size", () => {
    const lines = "alpha beta gamma\ndelta epsilon zeta\neta theta";
    expect(
      balancedTexts(
        lines,
        [
          [0, 35],
          [36, lines.length],
        ],
        40,
      ),
    ).toEqual(["alpha beta gamma", "delta epsilon zeta\neta theta"]);
    const words = "one two three four five six seven";
    expect(
      balancedTexts(
        words,
        [
          [0, 29],
          [24, words.length],
        ],
        40,
      ),
    ).toEqual(["one two three four", "five six seven"]);
    // Joined, the two are over twice the size: no cut leaves both halves within it.
    const long = "x".repeat(60);
    expect(
      balanceScraps(
        long,
        [
          [0, 50],
          [50, 60],
        ],
        50,
        chars,
      ),
    ).toEqual([
      [0, 50],
      [50, 60],
    ]);
  });
});

describe("chunkDocument: no scrap of a paragraph as a chunk of its own", () => {
  it("splits a paragraph a little over the size into two halves of whole sentences", async () => {
    const sentences = Array.from({ length: 10 }, (_, i) => `Sentence number ${i + 1} says a few words.`).join(" ");
    const doc = { id: "p.txt", content: sentences, metadata: { source: "p.txt" } };
    const chunks = await chunkDocument(doc, { size: 340, overlap: 0, contextHeader: false });
    expect(chunks.length).toBe(2);
    const lengths = chunks.map((chunk) => chunk.content.length);
    expect(Math.min(...lengths)).toBeGreaterThan(150);
    for (const chunk of chunks) {
      expect(chunk.content).toMatch(/^Sentence number \d+ says a few words\./);
      expect(chunk.content).toMatch(/words\.$/);
      expect(chunk.content).toBe(doc.content.slice(chunk.startOffset, chunk.endOffset));
    }
  });
});

describe("chunkDocument: balanced scraps keep the chunks in order", () => {
  it("never ends a first half before the chunk that overlaps it (a property test's counterexample)", async () => {
    const content = " 😀 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx abc 😀\n \nab\nlorem 日本  abc\nWAL\n\n日本  ";
    const chunks = await chunkDocument({ id: "p", content, metadata: { format: "text" } }, { size: 37, overlap: 31, contextHeader: false });
    expectInOrder(chunks.map((chunk) => [chunk.startOffset, chunk.endOffset] as const));
    expect(chunks.map((chunk) => chunk.content).join(" ")).toContain("WAL");
  });
});

describe("balanceScraps: the review's cases", () => {
  it("keeps the second half before the chunk after it, which may overlap the scrap", () => {
    // The scrap [17, 26] and the next chunk both start at 17: a second half starting at 17 would sit inside it.
    const text = "Example\nOptions. A request https://example.com/docs/docs/docs/docs/docs/docs/docs/docs/docs/ and more.";
    const spans: [number, number][] = [
      [0, 7],
      [8, 26],
      [17, 92],
      [93, 102],
    ];
    expectInOrder(balanceScraps(text, spans, 77, chars));
  });

  it("cuts rows, items and lines of code again at a line break, where the splitter cut them", async () => {
    const table =
      "## Options\n\n| Option | Meaning |\n|---|---|\n| `port` | The port. Defaults to 3000. |\n| `host` | The host. Defaults to localhost. |\n| `log` | Logging. Off by default. |\n| `tls` | TLS. |\n";
    const doc = { id: "t.md", content: table, metadata: { format: "markdown" } };
    const chunks = await chunkDocument(doc, { size: 150, overlap: 0, contextHeader: false });
    for (const chunk of chunks.filter((c) => c.content.startsWith("|"))) {
      expect(chunk.content).toMatch(/^\|.*\|$/s);
      expect(chunk.content.split("\n").every((line) => line.startsWith("|") && line.endsWith("|"))).toBe(true);
    }
    // The last row no longer stands alone.
    expect(chunks.some((c) => c.content === "| `tls` | TLS. |")).toBe(false);
  });

  it("trims the halves of any whitespace (CRLF)", () => {
    const crlf = "One sentence ends here.\r\nAnother sentence ends.\r\nA third.\r\nok";
    expect(
      balancedTexts(
        crlf,
        [
          [0, 57],
          [59, crlf.length],
        ],
        60,
      ),
    ).toEqual(["One sentence ends here.", "Another sentence ends.\r\nA third.\r\nok"]);
  });
});

describe("balanceScraps: a label goes with the text it names", () => {
  const description = "The first sentence says what it does. The second says more about it. The third ends the entry.";

  it("a label alone before its description heads the description's first half", () => {
    const text = `changes()\n\n${description}`;
    const spans = balanceScraps(
      text,
      [
        [0, 9],
        [11, text.length],
      ],
      100,
      chars,
    );
    expectInOrder(spans);
    expect(spans.map(([s, e]) => text.slice(s, e))).toEqual([
      "changes()\n\nThe first sentence says what it does.",
      "The second says more about it. The third ends the entry.",
    ]);
  });

  it("a label at a chunk's end moves to the next chunk, whole when the two fit together", () => {
    // An ellipsis ends no sentence: "min(X,Y,...)" is a label.
    for (const label of ["-n", "min(X,Y,...)"]) {
      const text = `Intro paragraph ends here.\n\n${label}\n\nReturns the smallest of its arguments.`;
      const end = 28 + label.length;
      expect(
        balancedTexts(
          text,
          [
            [0, end],
            [end + 2, text.length],
          ],
          80,
        ),
        label,
      ).toEqual(["Intro paragraph ends here.", `${label}\n\nReturns the smallest of its arguments.`]);
    }
  });

  it("leaves what is no label: a sentence, a list item, a table row, code without a word, two lines", () => {
    for (const last of ["Short one.", "Really?", "- an item", "1. a step", "| a | b |", "}", "two\nlines"]) {
      const text = `Intro paragraph ends here.\n\n${last}\n\nGive each name the nameref attribute.`;
      const end = 28 + last.length;
      const spans: [number, number][] = [
        [0, end],
        [end + 2, text.length],
      ];
      expect(balanceScraps(text, spans, 80, chars), last).toEqual(spans);
    }
    // A label the next chunk overlaps, or that no blank line parts from it, stays too.
    const text = "Intro paragraph ends here.\n\nlabel\nGive each name the nameref attribute.";
    const spans: [number, number][] = [
      [0, 33],
      [34, text.length],
    ];
    expect(balanceScraps(text, spans, 80, chars)).toEqual(spans);
  });

  it("leaves no chunk held whole by the one before it, where the label's chunk overlaps that one", () => {
    // fast-check's counterexample: the chunk before ends where the label's chunk, without its label, would.
    const text = "aaaa aaaa\n \nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n \na\n\na ";
    const spans = balanceScraps(
      text,
      [
        [0, 42],
        [12, 46],
        [48, 49],
      ],
      44,
      chars,
    );
    expectInOrder(spans);
    expect(spans).toEqual([
      [0, 42],
      [45, 49],
    ]);
  });
});

describe("chunkDocument: no definition's term as a chunk of its own", () => {
  it("keeps each term of a definition list with its description (Bash's compatibility levels)", async () => {
    const entry = (level: number) =>
      `compat${level}\n\n- the replacement string in double-quoted pattern substitution does not undergo quote removal, as it does in versions after bash-${level / 10}; a second clause makes the entry run on past the size.`;
    const content = [40, 41, 42, 43].map(entry).join("\n\n");
    const doc = { id: "compat.html", content, metadata: { format: "html" } };
    const chunks = await chunkDocument(doc, { size: 220, overlap: 0, contextHeader: false });
    expect(chunks.filter((c) => /^compat\d+$/.test(c.content))).toEqual([]);
    expect(chunks.filter((c) => /\n\ncompat\d+$/.test(c.content))).toEqual([]);
    for (const level of [40, 41, 42, 43]) expect(chunks.some((c) => c.content.startsWith(`compat${level}\n\n- the replacement`))).toBe(true);
    for (const chunk of chunks) expect(chunk.content).toBe(content.slice(chunk.startOffset, chunk.endOffset));
  });
});
