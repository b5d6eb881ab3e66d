import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadFile } from "../../src/index.js";
import { readOrg } from "../../src/ingest/loaders/org.js";
import { withMemoryRag } from "../support/memory-rag.js";

const FIXTURE = "test/fixtures/sources/acme.org";

describe("Org mode", () => {
  it("reads as Org's export shows it: headlines without keywords, priorities and tags; drawers, comments and unexported subtrees left out", async () => {
    const [doc] = await loadFile(FIXTURE, { root: "test/fixtures/sources" });
    expect(doc).toMatchObject({ id: "acme.org", title: "Acme: installing the service", metadata: { source: "acme.org", format: "org", encoding: "utf-8" } });
    const { content, sections } = doc!;
    expect(sections?.map((s) => s.headings)).toEqual([[], ["Installation"], ["Installation", "Options"], ["Footnotes"]]);
    const text = (heading: string) => {
      const found = sections!.find((s) => s.headings[s.headings.length - 1] === heading)!;
      return content.slice(found.start, found.end);
    };
    // Links as their descriptions (a URL or a heading's name without one), over a line break too.
    expect(
      content.startsWith("Acme runs on any POSIX system. Read the online docs or\nthe settings file first; see also Options and https://acme.example.\n\n"),
    ).toBe(true);
    // Emphasis without marks; a source block's lines as written, its escaped headline line unescaped.
    expect(text("Installation")).toBe(
      "Installation\n\nRun one command as root, with sudo or su -c:\napt install acme\n# a shell comment, kept as code\n* a line that only looks like a headline\n\n",
    );
    expect(text("Options")).toBe(
      "Options\n\n- port :: the port Acme listens on, default 8080\n- quiet :: say less\n  1. a nested item\n\n| key   | value |\n| port  | 8080  |\n\nAcme is a made-up service.\n\n",
    );
    expect(text("Footnotes")).toBe("Footnotes\n\nUnless ACME_PORT is set.");
    for (const gone of [
      "#+",
      "TODO",
      "WAITING",
      "DONE",
      "[#A]",
      ":setup:",
      "CLOSED",
      "PROPERTIES",
      "CUSTOM_ID",
      "A comment",
      "Drafts",
      "Not shown",
      "Internal",
      "[fn:",
      "[[",
    ]) {
      expect(content).not.toContain(gone);
    }
  });

  it("takes a block without its end, and a drawer a headline interrupts, as text; the first headline titles a file without #+TITLE", () => {
    const org = readOrg("* Setup :x:\n#+BEGIN_SRC sh is how a block opens\n:NOTES:\nnot a drawer\n* Next\n:END:\n=x= and ~y~ but not a=b=c or * alone\n");
    expect(org.title).toBe("Setup");
    expect(org.content).toBe("Setup\n\n#+BEGIN_SRC sh is how a block opens\n:NOTES:\nnot a drawer\n\nNext\n\n:END:\nx and y but not a=b=c or * alone");
    expect(org.sections.map((s) => s.headings)).toEqual([["Setup"], ["Next"]]);
  });

  it("knows the TODO keywords a #+TODO line names", () => {
    const org = readOrg("#+TODO: NEXT(n) WAIT | DONE(d) DROPPED\n* NEXT Write the guide\n* DROPPED [#B] Old plan\nGone.\n* WAIT\n");
    expect(org.sections.map((s) => s.headings)).toEqual([["Write the guide"], ["Old plan"]]);
  });

  it("is found by keyword search with its headings, from a file and from memory", async () => {
    await withMemoryRag(async (rag) => {
      await rag.ingest([FIXTURE], { root: "test/fixtures/sources" });
      await rag.ingest([{ id: "memory", content: readFileSync(FIXTURE, "utf8"), format: "org" }]);
      const hits = await rag.search("port listens default", { topK: 2, mode: "keyword" });
      expect(hits.map((h) => h.metadata.source).sort()).toEqual(["acme.org", "memory"]);
      for (const hit of hits)
        expect(hit.metadata).toMatchObject({ format: "org", title: "Acme: installing the service", headings: ["Installation", "Options"] });
      const report = await rag.ingest([{ id: "empty", content: "#+TITLE: Only settings\n:PROPERTIES:\n:ID: 1\n:END:\n", format: "org" }]);
      expect(report.failures).toMatchObject([{ source: "empty", code: "LOAD_FAILED", reason: expect.stringContaining("left out of export") }]);
    });
  });
});
