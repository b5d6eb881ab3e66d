import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chunkDocument, embeddingText } from "../../src/ingest/chunking/index.js";
import { loadFile } from "../../src/ingest/loaders/index.js";

const SOURCES = "test/fixtures/sources";

/** A fixture's title, metadata and what the embedder reads of each chunk (test/fixtures/sources.md). */
async function read(file: string) {
  const [doc] = await loadFile(join(SOURCES, file), { root: SOURCES });
  if (doc === undefined) throw new Error(`${file} gave no document`);
  const chunks = await chunkDocument(doc, { size: 448, overlap: 0 });
  return { title: doc.title, metadata: doc.metadata, embedded: chunks.map((chunk) => embeddingText(chunk)), content: doc.content };
}

describe("Markdown sources of site generators and note apps, read as their built pages show them", () => {
  it("reads a Hugo page: TOML front matter, shortcodes, and a link to a relref", async () => {
    const { title, metadata, embedded, content } = await read("hugo.md");
    expect(title).toBe("Installation");
    expect(metadata).toMatchObject({ description: "Install Acme on your machine.", date: "2026-12-06", weight: 20, params: { tags: ["install", "setup"] } });
    expect(content.startsWith("{{< new-in 2.1.0 />}}")).toBe(true);
    expect(embedded).toEqual([
      "Installation\n\nAcme needs Go 1.21 or later. Read the requirements first.\n\nSet GOPATH before you start.",
      "Installation › Configuration\n\nConfiguration\n\nSet the port in your site configuration:\n\n[params]\n  port = 8080\n\n" +
        "The installer's first screen\n\nA module can override the port.\n\n" +
        '{{< figure src="kept.png" >}}',
      // A heading's character references are the characters the page shows, in the header and the text alike.
      "Installation › Sorting & paging: 2nd–4th articles\n\nSorting & paging: 2nd–4th articles\n\nSkip the first article and take the next three.",
    ]);
  });

  it("reads a Jekyll page: Liquid tags go, an include's content and a template link's text stay", async () => {
    const { title, metadata, embedded } = await read("jekyll.md");
    expect(title).toBe("Installation");
    expect(metadata).toMatchObject({ layout: "page", nav_order: 2 });
    expect(embedded).toEqual([
      'Installation\n\nBack up your data first.\n\nAcme needs Ruby 3.1 or later. See the requirements and\nthe changelog.\n\ngem "acme"',
      "Installation › Configuration\n\nConfiguration\n\nThe port setting takes a number, as in {{ site.acme.port }}.\n\nBeta builds listen on port 8081.",
    ]);
  });

  it("reads MkDocs sources: pymdownx blocks, admonitions and tabs show their titles, includes go, heading ids go", async () => {
    const { title, embedded } = await read("mkdocs.md");
    expect(title).toBe("Installation");
    expect(embedded).toEqual([
      "Installation\n\nInstallation\n\nAcme needs Python 3.9 or later.\n\nUse a virtual environment\n\nCreate one with python -m venv .venv first.",
      "Installation › Configuration\n\nConfiguration\n\nPort\n\n    The ACME_PORT variable sets the port.\n\nLinux\n\n    Export it in your shell profile.\n\n" +
        "Windows\n\n    Set it in the system settings.\n\nPython 3.10+\n\nThe port argument overrides it.",
    ]);
  });

  it("reads a VitePress page: its <script setup> and <style> blocks, a code import and a heading id go", async () => {
    const { title, metadata, embedded } = await read("vitepress.md");
    expect(title).toBe("Installation");
    expect(metadata).toMatchObject({ outline: "deep" });
    expect(embedded).toEqual([
      "Installation\n\nInstallation\n\nAcme needs Node.js 20 or later.\n\nUse a lockfile\n" +
        "Commit package-lock.json so that every machine installs the same versions.",
      "Installation › Configuration\n\nConfiguration\n\nThe port option sets the port.",
    ]);
  });

  it("reads an Obsidian note: embeds gone, wiki links and a shell's [[ test ]] as written, a callout's type as its word", async () => {
    const { title, embedded } = await read("obsidian.md");
    expect(title).toBe("Installation");
    expect(embedded).toEqual([
      "Installation\n\nInstallation\n\nAcme needs Go 1.21 or later; see [[Requirements]] and [[Setup#Proxies|the proxy notes]].\n\n" +
        "> Tip Before you start\n> Set GOPATH, as [[Environment#GOPATH]] says.",
      "Installation › Configuration\n\nConfiguration\n\nThe port setting lives in [[Configuration#^port-block]]. In a shell script, test the file with [[ -f acme.toml ]]\nor [[ -f acme.toml ]].",
    ]);
  });
});
