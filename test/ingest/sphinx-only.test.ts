import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateOnly } from "../../src/ingest/includes/sphinx-only.js";
import { expandedText, ingestedContents, writeTree } from "../support/include-tree.js";

let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "libsql-rag-only-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const evaluated = (lines: string[]) => evaluateOnly(lines.join("\n")).split("\n");

describe("Sphinx's .. only:: directive", () => {
  it("shows an HTML build's branch at the directive's indent, and leaves the PDF's out, as pytest's plugin list has them", () => {
    const page = [
      "This list contains 2 plugins.",
      "",
      ".. only:: not latex",
      "",
      "   ============  ===================",
      "   name          summary",
      "   ============  ===================",
      "   pytest-abq    ABQ test runner",
      "   ============  ===================",
      "",
      ".. only:: latex",
      "",
      "  :pypi:`pytest-abq`",
      "     *last release*: Apr 07, 2023",
      "",
      "End.",
    ];
    expect(evaluated(page)).toEqual([
      "This list contains 2 plugins.",
      "",
      "",
      "============  ===================",
      "name          summary",
      "============  ===================",
      "pytest-abq    ABQ test runner",
      "============  ===================",
      "",
      "End.",
    ]);
  });

  it("evaluates and, or, not and parentheses, and keeps as written what a project's own tag or the builder's name decides", () => {
    const block = (expression: string) => [`.. only:: ${expression}`, "", "   Shown.", ""];
    const shown = (expression: string) => evaluated(block(expression)).includes("Shown.");
    const kept = (expression: string) => evaluated(block(expression)).join("\n") === block(expression).join("\n");
    for (const expression of ["html", "format_html", "not latex", "html and not epub", "latex or html", "not (latex or man)", "html and (text or format_html)"])
      expect(shown(expression), expression).toBe(true);
    for (const expression of ["latex", "builder_latex", "not html", "html and latex", "epub or man", "not (html or is_release)"]) {
      expect(shown(expression), expression).toBe(false);
      expect(evaluated(block(expression)), expression).toEqual([""]);
    }
    // A project's tag (pytest's `is_release`), the HTML builder's name and an expression that does not parse.
    for (const expression of ["not is_release", "dirhtml", "html and is_release", "latex or draft", "html and", "(html", "html )", "html; rm"])
      expect(kept(expression), expression).toBe(true);
    // An unknown side is decided by the other where it can be.
    expect(shown("html or is_release")).toBe(true);
    expect(shown("latex and is_release")).toBe(false);
  });

  it("reads nested directives, a kept block under a shown one, and a directive in a literal block as text", () => {
    // Each line as written, and as shown: null where it is left out, the same where it is not given.
    const lines: Array<[string, (string | null)?]> = [
      [".. only:: html", null],
      [""],
      ["   Web.", "Web."],
      [""],
      ["   .. only:: not latex", null],
      [""],
      ["      Nested.", "Nested."],
      [""],
      ["   .. only:: man", null],
      ["", null],
      ["      Man page.", null],
      ["", null],
      ["   .. only:: draft", ".. only:: draft"],
      [""],
      ["      Draft.", "   Draft."],
      [""],
      ["Write::"],
      [""],
      ["   .. only:: latex"],
      [""],
      ["      PDF."],
      [""],
      [".. code-block:: rst"],
      [""],
      ["   .. only:: epub"],
      [""],
      [".. note::"],
      [""],
      ["   .. only:: epub", null],
      ["", null],
      ["      Book.", null],
    ];
    expect(evaluated(lines.map(([written]) => written))).toEqual(lines.flatMap(([written, shown]) => (shown === null ? [] : [shown ?? written])));
  });

  it("reads no include in a branch left out, and ingests a page as evaluated, or as written with followIncludes: false", async () => {
    writeTree(dir, {
      "docs/index.rst": "Index\n=====\n\n.. only:: latex\n\n   .. include:: missing.rst\n\n.. only:: html\n\n   .. include:: part.rst\n",
      "docs/part.rst": "The quokka part.\n",
      "docs/setup.rst": "Setup\n=====\n\n.. only:: latex\n\n   Print the wombat checklist.\n\n.. only:: not latex\n\n   Open the numbat checklist.\n",
    });
    expect(await expandedText(dir, "docs/index.rst")).toBe("Index\n=====\n\n\nThe quokka part.\n");
    const contents = (followIncludes: boolean) => ingestedContents(dir, "docs/setup.rst", followIncludes);
    const read = await contents(true);
    expect(read).toContain("Open the numbat checklist.");
    expect(read).not.toMatch(/wombat|only::/);
    expect(await contents(false)).toContain(".. only:: latex\n\n   Print the wombat checklist.");
  });
});
