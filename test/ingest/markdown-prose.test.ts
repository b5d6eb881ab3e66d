import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blocksOf, markdownProse } from "../../src/ingest/chunking/markdown-prose.js";

describe("markdownProse: what the embedder reads of a Markdown passage", () => {
  it("keeps a link's or an image's text and drops its target", () => {
    expect(markdownProse('See [the guide](https://example.com/docs/guide.html "Guide") and ![logo](img/logo.png).')).toBe("See the guide and logo.");
    // A badge: an image inside a link.
    expect(markdownProse("[![Build Status](https://ci.example.com/badge.svg)](https://ci.example.com/runs)")).toBe("Build Status");
    // Targets with parentheses, and link text that is code.
    expect(markdownProse("Call [`open()`](functions.html#open) or [sort](https://en.wikipedia.org/wiki/Sort_(disambiguation)).")).toBe("Call open() or sort.");
  });

  it("drops reference definitions, autolinks and bare URLs, and keeps reference links' text", () => {
    const text = "Read [the spec][spec] at <https://spec.example.org> or https://example.org/x?y=1.\n\n[spec]: https://spec.example.org/v2";
    expect(markdownProse(text)).toBe("Read the spec at  or");
  });

  it("drops HTML tags that Markdown embeds, and keeps angle brackets that are text", () => {
    expect(markdownProse('<p align="center"><img src="logo.png"></p>\n\nA <kbd>Ctrl</kbd> key; a Vec<T> and <placeholder>.')).toBe(
      "A Ctrl key; a Vec<T> and <placeholder>.",
    );
  });

  it("keeps code as written: fenced blocks whole (without their fences), inline code without backticks", () => {
    const text = "Run `git log --format=<fmt>`:\n\n```sh\n# not a heading\ncurl [x](y) <div>\n```\n\nDone.";
    expect(markdownProse(text)).toBe("Run git log --format=<fmt>:\n\n# not a heading\ncurl [x](y) <div>\n\nDone.");
  });

  it("drops heading markers, strong emphasis marks, table delimiter rows, rules and escapes", () => {
    const text = "## Options ##\n\n**Note:** use __care__.\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n---\n\nA \\*literal\\* star, snake_case_name.";
    expect(markdownProse(text)).toBe("Options\n\nNote: use care.\n\n| a | b |\n| 1 | 2 |\n\nA *literal* star, snake_case_name.");
  });

  it("works on any slice of a document: a chunk may start inside a fence or a link", () => {
    const doc = "Intro.\n\n```sh\nrun [x](y)\n```\n\nAfter [a](b).";
    const openAt = blocksOf(doc);
    const start = doc.indexOf("run");
    expect(openAt(start)).toEqual({ fence: "```", comment: false });
    expect(openAt(doc.indexOf("After")).fence).toBeUndefined();
    expect(openAt(0)).toEqual({});
    expect(markdownProse(doc.slice(start), openAt(start))).toBe("run [x](y)\n\nAfter a.");
    // Without the document, the closing fence passes for an opening one.
    expect(markdownProse(doc.slice(start))).toBe("run x\n\nAfter [a](b).");
    expect(markdownProse("(https://example.com/half) rest")).toBe("() rest");
  });

  it("drops HTML comments, on one line or many, but not in code", () => {
    const doc =
      "# fs\n\n<!--introduced_in=v0.10.0-->\n\n## `fs.open()`\n<!-- YAML\nadded: v0.1.94\nchanges:\n  - version: v11.1.0\n-->\n\nOpens a file. <!-- note --> Then `<!--` is code.\n\n```html\n<!-- kept -->\n```\nEnd <!-- open\n``` not a fence\nstill comment --> after.";
    expect(markdownProse(doc)).toBe("fs\n\nfs.open()\n\nOpens a file.  Then <!-- is code.\n\n<!-- kept -->\nEnd\nafter.");
    // The empty forms close at once.
    expect(markdownProse("a <!--> b <!---> c")).toBe("a  b  c");
  });

  it("knows when a slice starts inside a comment, at a line's start or in its middle", () => {
    const doc = "Text.\n<!-- YAML\nadded: v1\n-->\nBody <!-- a\nb --> tail.";
    const openAt = blocksOf(doc);
    const inside = doc.indexOf("added");
    expect(openAt(inside)).toEqual({ fence: undefined, comment: true });
    expect(markdownProse(doc.slice(inside), openAt(inside))).toBe("Body\ntail.");
    const mid = doc.indexOf(" a\nb");
    expect(openAt(mid).comment).toBe(true);
    expect(markdownProse(doc.slice(mid), openAt(mid))).toBe("tail.");
    expect(openAt(doc.indexOf("Body")).comment).toBe(false);
    // Without the document, a comment's body passes for text.
    expect(markdownProse(doc.slice(inside))).toContain("added: v1");
  });

  it("never grows the text and never throws, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("[", "]", "(", ")", "!", "`", "<", ">", "*", "_", "#", "\n", " ", "a", "h", ":", "/", "|", "-", "\\") }),
        (text) => {
          expect(markdownProse(text).length).toBeLessThanOrEqual(text.length);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
