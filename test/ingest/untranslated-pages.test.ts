import { mkdirSync, mkdtempSync, realpathSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRag, type Rag } from "../../src/index.js";
import { hashEmbedder } from "../../src/testing/index.js";
import { describeEachTarget, uniqueName } from "../support/targets.js";
import { TranslationMirrors } from "../../src/ingest/translations.js";
import { resolveLimits } from "../../src/ingest/limits.js";
import { withMemoryRag as withRag } from "../support/memory-rag.js";

const APT_EN =
  "The apt-get command installs a package together with the packages it depends on. Before it does so, it reads the " +
  "lists of the sources that are configured, and it asks you to confirm when other packages have to be removed.";
const APT_FR =
  "La commande apt-get installe un paquet avec les paquets dont il dépend. Avant cela, elle lit les listes des " +
  "sources qui sont configurées, et elle vous demande de confirmer quand il faut enlever des paquets.";
const KERNEL_EN =
  "The kernel is built from its sources with the configuration of the running system as a starting point. The " +
  "modules that are not needed can be left out, and the package that is made can be installed on other machines.";
const OTHER_EN =
  "The scheduler runs each task once its inputs are ready. Tasks that fail are retried three times, then reported " +
  "with their last error, and the run goes on with the tasks that do not depend on them.";
const HALF_FR =
  "Le noyau est compilé à partir de ses sources avec la configuration du système en cours comme point de départ. " +
  "Les modules qui ne sont pas nécessaires peuvent être omis.";
const LIST_FR = "Le noyau. Les modules. Les paquets du système.";
const VERSIONS = "apt-get 2.6.1 amd64 bookworm main contrib non-free firmware";

function page(title: string, body: string, lang?: string): string {
  const attr = lang === undefined ? "" : ` lang="${lang}"`;
  return `<!doctype html><html${attr}><head><title>${title}</title></head><body><nav><a href="index.html">Home</a></nav><main><h1>${title}</h1><p>${body}</p></main></body></html>`;
}

describe("TranslationMirrors.mirrorsOf: the pages a page may repeat", () => {
  it("pairs a page with the same path in another language's place, and names no language in other parts", () => {
    const pages = [
      "html/en-US/apt.html",
      "html/fr-FR/apt.html",
      "html/ca-ES/apt.html",
      "html/zh-Hant/apt.html",
      "api/pandas.to_datetime.html",
      "api/pandas.to_numeric.html",
      "lib/libfoo.so/intro.html",
      "lib/libfoo.en/intro.html",
    ];
    const mirrors = new TranslationMirrors(pages);
    expect(mirrors.mirrorsOf("html/fr-FR/apt.html")).toEqual(["html/ca-ES/apt.html", "html/en-US/apt.html", "html/zh-Hant/apt.html"]);
    expect(mirrors.mirrorsOf("api/pandas.to_datetime.html")).toEqual([]);
    expect(mirrors.mirrorsOf("lib/libfoo.so/intro.html")).toEqual([]);
  });

  it("takes a folder named by no language code for no language's place, as api/, css/ and js/ beside ca/ and fr/", () => {
    const mirrors = new TranslationMirrors(["site/api/index.html", "site/ca/index.html", "site/css/index.html", "site/fr/index.html", "site/js/index.html"]);
    expect(mirrors.mirrorsOf("site/ca/index.html")).toEqual(["site/fr/index.html"]);
    expect(mirrors.mirrorsOf("site/js/index.html")).toEqual([]);
  });

  it("pairs a language's folder with the pages beside it only when three of its pages have a page of their name there", () => {
    const pages = ["docs/a.html", "docs/b.html", "docs/fr/a.html", "docs/fr/b.html", "docs/fr/c.html", "docs/fr/d.html"];
    expect(new TranslationMirrors(pages).mirrorsOf("docs/fr/a.html")).toEqual([]);
    expect(new TranslationMirrors([...pages, "docs/c.html"]).mirrorsOf("docs/fr/a.html")).toEqual(["docs/a.html"]);
  });
});

describe("TranslationMirrors.original and repeatedPassages: what a page's passages repeat", () => {
  let dir: string;
  const limits = resolveLimits(undefined);
  const at = (path: string) => join(dir, path);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(at(path)), { recursive: true });
    writeFileSync(at(path), text);
  };
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "mirrors-")));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("takes a passage no language tells (a line of versions) for a copy where the original holds it, and not where it does not", async () => {
    write("html/en-US/kernel.html", page("Kernel", `${KERNEL_EN} ${VERSIONS}`));
    write("html/fr-FR/kernel.html", page("Noyau", `${KERNEL_EN} ${VERSIONS}`));
    const mirrors = new TranslationMirrors([at("html/en-US/kernel.html"), at("html/fr-FR/kernel.html")]);
    expect(await mirrors.original(at("html/fr-FR/kernel.html"), [KERNEL_EN, VERSIONS], limits)).toBe(at("html/en-US/kernel.html"));
    expect(await mirrors.original(at("html/fr-FR/kernel.html"), [KERNEL_EN, "gcc-12 12.2.0 x86_64 linux-image-6.1"], limits)).toBeUndefined();
  });

  it("takes a page of two language parts for no copy when a passage is in one of them, though no sentence of it alone tells that language", async () => {
    write("site/fr/index.en.html", page("Index", KERNEL_EN));
    write("site/fr/index.fr.html", page("Index", LIST_FR));
    write("site/fr/index.de.html", page("Index", `${LIST_FR} ${KERNEL_EN}`));
    const mirrors = new TranslationMirrors(["site/fr/index.de.html", "site/fr/index.en.html", "site/fr/index.fr.html"].map(at));
    expect(await mirrors.original(at("site/fr/index.de.html"), [KERNEL_EN], limits)).toBe(at("site/fr/index.en.html"));
    expect(await mirrors.original(at("site/fr/index.de.html"), [LIST_FR], limits)).toBeUndefined();
  });

  it("finds a passage in the page's own language repeated nowhere, not even in the page itself, though no sentence of it alone tells that language", async () => {
    write("html/en-US/kernel.html", page("Kernel", KERNEL_EN));
    write("html/fr-FR/kernel.html", page("Noyau", `${LIST_FR} ${KERNEL_EN}`));
    const mirrors = new TranslationMirrors([at("html/en-US/kernel.html"), at("html/fr-FR/kernel.html")]);
    expect(await mirrors.repeatedPassages(at("html/fr-FR/kernel.html"), [LIST_FR, KERNEL_EN], limits)).toEqual({
      indices: new Set([1]),
      original: at("html/en-US/kernel.html"),
    });
  });
});

describe("ingest: the untranslated pages of a site's translations", () => {
  let dir: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "translations-")));
    write("html/en-US/apt.html", page("APT", APT_EN));
    write("html/en-US/kernel.html", page("Kernel", KERNEL_EN));
    write("html/fr-FR/apt.html", page("APT", APT_FR));
    // Not translated: the English page again, in the French folder (Publican's way) and under its own <html lang>.
    write("html/fr-FR/kernel.html", page("Noyau", KERNEL_EN));
    write("html/de-DE/kernel.html", page("Kernel", KERNEL_EN, "de-DE"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sourcesOf = async (rag: Rag) => [...new Set((await rag.collection.list({ limit: 1000 })).map((r) => String(r.metadata.source)))].sort();

  it("leaves out a page in a language's folder whose text repeats the page it mirrors in another language's, and reports it", async () => {
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "html")], { root: dir });
      expect(report.sourceCopies).toEqual([
        { source: join(dir, "html/de-DE/kernel.html"), copyOf: join(dir, "html/en-US/kernel.html") },
        { source: join(dir, "html/fr-FR/kernel.html"), copyOf: join(dir, "html/en-US/kernel.html") },
      ]);
      expect(await sourcesOf(rag)).toEqual(["html/en-US/apt.html", "html/en-US/kernel.html", "html/fr-FR/apt.html"]);
      const hits = await rag.search("How is the kernel built from its sources?", { topK: 5 });
      expect(hits.filter((hit) => String(hit.metadata.source).endsWith("kernel.html")).map((hit) => hit.metadata.source)).toEqual(["html/en-US/kernel.html"]);
    });
  });

  it("takes a folder named by an ISO 639-1 code the language step cannot tell (Catalan) for a language's place, asking more of its copies", async () => {
    write("html/ca-ES/kernel.html", page("Nucli", KERNEL_EN));
    // Four words in five the original's: a copy in a place whose sentences can be told (the rest is no French), not
    // in Catalan's, whose sentence beside the copied ones cannot be told.
    write("html/ca-ES/apt.html", page("APT", `${APT_EN} El programa instal·la els paquets i llegeix les llistes de fonts.`));
    write("html/fr-FR/apt.html", page("APT", `${APT_EN} apt-get 2.6.1 amd64 bookworm main contrib non-free firmware`));
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "html")], { root: dir });
      const left = report.sourceCopies.map((copy) => copy.source.slice(dir.length + 1));
      expect(left).toContain("html/ca-ES/kernel.html");
      expect(left).toContain("html/fr-FR/apt.html");
      expect(left).not.toContain("html/ca-ES/apt.html");
    });
  });

  it("keeps a translation, a page translated in part, and an untranslated page with no page to mirror", async () => {
    write("html/fr-FR/kernel.html", page("Noyau", `${HALF_FR} ${KERNEL_EN}`));
    write("html/fr-FR/only.html", page("Only", KERNEL_EN.replace("kernel", "system")));
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "html")], { root: dir });
      expect(report.sourceCopies.map((copy) => copy.source)).toEqual([join(dir, "html/de-DE/kernel.html")]);
      expect(await sourcesOf(rag)).toEqual([
        "html/en-US/apt.html",
        "html/en-US/kernel.html",
        "html/fr-FR/apt.html",
        "html/fr-FR/kernel.html",
        "html/fr-FR/only.html",
      ]);
    });
  });

  it("leaves out the passages of a page translated in part that repeat its original, and keeps the translated ones", async () => {
    const sections = (first: string, second: string) =>
      `<!doctype html><html><head><title>Kernel</title></head><body><main><h1>Kernel</h1><h2>Sources</h2><p>${first}</p><h2>Packages</h2><p>${second}</p></main></body></html>`;
    write("html/en-US/kernel.html", sections(KERNEL_EN, APT_EN));
    // The first section translated, the second left in English.
    write("html/fr-FR/kernel.html", sections(HALF_FR, APT_EN));
    rmSync(join(dir, "html/de-DE"), { recursive: true });
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "html")], { root: dir });
      expect(report.sourceCopies).toEqual([]);
      expect(report.repeatedPassages).toEqual([{ source: join(dir, "html/fr-FR/kernel.html"), passages: 1, copyOf: join(dir, "html/en-US/kernel.html") }]);
      const french = (await rag.collection.list({ limit: 100 })).filter((r) => r.metadata.source === "html/fr-FR/kernel.html");
      expect(french).toHaveLength(1);
      expect(french[0]!.content).toContain(HALF_FR);
      expect(french[0]!.content).not.toContain("apt-get");
      expect(french[0]!.metadata.chunkIndex).toBe(0);
      const hits = await rag.search("Which packages does apt-get install together with a package?", { topK: 3 });
      expect(hits.map((hit) => hit.metadata.source)).not.toContain("html/fr-FR/kernel.html");
    });
    // Once the original is gone, the page is read again and keeps all its passages.
    const frenchChunks = async (rag: Rag) => (await rag.collection.list({ limit: 100 })).filter((r) => r.metadata.source === "html/fr-FR/kernel.html");
    await withRag(async (rag) => {
      await rag.ingest([join(dir, "html")], { root: dir });
      expect(await frenchChunks(rag)).toHaveLength(1);
      rmSync(join(dir, "html/en-US/kernel.html"));
      const again = await rag.ingest([join(dir, "html")], { root: dir, prune: true });
      expect(again.repeatedPassages).toEqual([]);
      expect(again.documents).toMatchObject({ updated: 1, removed: 1 });
      expect(await frenchChunks(rag)).toHaveLength(2);
    });
    write("html/en-US/kernel.html", sections(KERNEL_EN, APT_EN));
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "html")], { root: dir, keepSourceCopies: true });
      expect(report.repeatedPassages).toEqual([]);
      expect((await rag.collection.list({ limit: 100 })).filter((r) => r.metadata.source === "html/fr-FR/kernel.html")).toHaveLength(2);
    });
  });

  it("keeps a page translated in part whole when it holds a section of its own language, and leaves out only its copied ones", async () => {
    const japanese = "この章では、多くのシステムに共通する基本的なサービスを説明します。すべての管理者はこれらのサービスに精通しているべきです。";
    const mail = "The configuration of the mail server is kept in one file, and each change to it is read again when the daemon is told to reload.";
    const sections = (...texts: string[]) =>
      `<!doctype html><html><head><title>Services</title></head><body><main><h1>Services</h1>${texts.map((text, i) => `<h2>Part ${i}</h2><p>${text}</p>`).join("")}</main></body></html>`;
    write("html/en-US/services.html", sections(mail, KERNEL_EN, APT_EN));
    write("html/fr-FR/services.html", sections(HALF_FR, KERNEL_EN, APT_EN));
    write("html/ja-JP/services.html", sections(japanese, KERNEL_EN, APT_EN));
    // A translated sentence in the same passage as an English paragraph keeps the passage.
    write("html/de-DE/services.html", sections(mail, `Der Kern wird aus seinen Quellen gebaut. ${KERNEL_EN}`, APT_EN));
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "html")], { root: dir });
      expect(report.sourceCopies.map((copy) => copy.source)).not.toEqual(expect.arrayContaining([expect.stringContaining("services")]));
      const repeated = Object.fromEntries(report.repeatedPassages.map((page) => [page.source.slice(dir.length + 1), page.passages]));
      expect(repeated).toMatchObject({ "html/fr-FR/services.html": 2, "html/ja-JP/services.html": 2, "html/de-DE/services.html": 2 });
      const chunks = await rag.collection.list({ limit: 1000 });
      const text = (source: string) =>
        chunks
          .filter((r) => r.metadata.source === source)
          .map((r) => r.content)
          .join("\n");
      expect(text("html/fr-FR/services.html")).toContain(HALF_FR);
      expect(text("html/ja-JP/services.html")).toContain(japanese);
      expect(text("html/de-DE/services.html")).toContain("Der Kern wird aus seinen Quellen gebaut.");
    });
  });

  it("reads a translated page again when its original changes, and writes again only pages whose passages change", async () => {
    const sections = (first: string, second: string) =>
      `<!doctype html><html><head><title>Kernel</title></head><body><main><h1>Kernel</h1><h2>Sources</h2><p>${first}</p><h2>Packages</h2><p>${second}</p></main></body></html>`;
    rmSync(join(dir, "html/de-DE"), { recursive: true });
    write("html/en-US/kernel.html", sections(KERNEL_EN, APT_EN));
    write("html/fr-FR/kernel.html", sections(HALF_FR, APT_EN));
    const frenchText = async (rag: Rag) =>
      (await rag.collection.list({ limit: 100 }))
        .filter((r) => r.metadata.source === "html/fr-FR/kernel.html")
        .map((r) => r.content)
        .join("\n");
    await withRag(async (rag) => {
      await rag.ingest([join(dir, "html")], { root: dir });
      expect(await frenchText(rag)).not.toContain("apt-get");
      // A new language: the pages it mirrors are read again, and none of them is written again.
      write("html/de-DE/kernel.html", sections("Der Kern wird aus seinen Quellen mit der Konfiguration des laufenden Systems gebaut.", APT_EN));
      const added = await rag.ingest([join(dir, "html")], { root: dir });
      expect(added.documents).toMatchObject({ added: 1, updated: 0, unchanged: 4 });
      // The original's section rewritten: the French page's English section is no longer a copy, and comes back.
      write("html/en-US/kernel.html", sections(KERNEL_EN, "The aptitude program shows the packages in a tree and installs what you mark."));
      const changed = await rag.ingest([join(dir, "html")], { root: dir });
      expect(changed.documents).toMatchObject({ updated: 3, unchanged: 2 });
      expect(await frenchText(rag)).toContain("apt-get");
    });
  });

  it("leaves a copy out again without comparing it while its bytes and its original's size and time stay, as make would", async () => {
    const original = join(dir, "html/en-US/kernel.html");
    // Whole seconds, which a file system keeps exactly.
    const time = new Date("2026-01-01T00:00:00Z");
    utimesSync(original, time, time);
    await withRag(async (rag) => {
      const first = await rag.ingest([join(dir, "html")], { root: dir });
      expect(first.sourceCopies.map((copy) => copy.source)).toEqual([join(dir, "html/de-DE/kernel.html"), join(dir, "html/fr-FR/kernel.html")]);
      // The original rewritten to the same length, with its time put back: the copies are not compared again.
      writeFileSync(original, page("Kernel", KERNEL_EN.split(" ").reverse().join(" ")));
      utimesSync(original, time, time);
      const again = await rag.ingest([join(dir, "html")], { root: dir });
      expect(again.sourceCopies).toEqual(first.sourceCopies);
      expect(again.documents).toMatchObject({ added: 0, updated: 1 });
      // Its time changed: compared again, they no longer repeat it.
      utimesSync(original, time, new Date(time.getTime() + 5000));
      const changed = await rag.ingest([join(dir, "html")], { root: dir });
      expect(changed.sourceCopies).toEqual([]);
      expect(changed.documents).toMatchObject({ added: 2, updated: 0 });
    });
  });

  it("does not remember a copy of a page without a language part, nor one read under other limits", async () => {
    rmSync(join(dir, "html"), { recursive: true });
    const english = { a: APT_EN, b: KERNEL_EN, c: APT_EN.replace("apt-get", "aptitude") };
    for (const [name, text] of Object.entries(english)) write(`docs/${name}.html`, page(name, text));
    write("docs/fr/a.html", page("a", APT_FR));
    write("docs/fr/b.html", page("b", KERNEL_EN));
    write("docs/fr/c.html", page("c", APT_FR.replace("apt-get", "aptitude")));
    await withRag(async (rag) => {
      expect((await rag.ingest([join(dir, "docs")], { root: dir })).sourceCopies.map((c) => c.source)).toEqual([join(dir, "docs/fr/b.html")]);
      // fr/ is no translation once none of its pages is French: b.html is a page of its own.
      write("docs/fr/a.html", page("a", OTHER_EN));
      write("docs/fr/c.html", page("c", OTHER_EN.replace("tasks", "jobs")));
      expect((await rag.ingest([join(dir, "docs")], { root: dir })).sourceCopies).toEqual([]);
    });
    await withRag(async (rag) => {
      rmSync(join(dir, "docs"), { recursive: true });
      write("html/en-US/kernel.html", page("Kernel", `${KERNEL_EN} ${APT_EN} ${KERNEL_EN.toUpperCase()}`));
      write("html/fr-FR/kernel.html", page("Noyau", KERNEL_EN));
      write("html/fr-FR/apt.html", page("APT", APT_FR));
      expect((await rag.ingest([join(dir, "html")], { root: dir })).sourceCopies.map((c) => c.source)).toContain(join(dir, "html/fr-FR/kernel.html"));
      // The original over the limit cannot be read: its copies are compared again, and kept.
      const limited = await rag.ingest([join(dir, "html")], { root: dir, limits: { maxFileBytes: 700 } });
      expect(limited.sourceCopies).toEqual([]);
    });
  });

  it("takes no folder named like a language for a translation when none of its pages is in that language", async () => {
    rmSync(join(dir, "html"), { recursive: true });
    // Javadoc's pages of a package "it" beside those of the package above: the same kind of page, in English.
    const tree = (name: string) => page(`org.acme${name} Class Hierarchy`, `${KERNEL_EN} ${APT_EN}`);
    for (const name of ["package-summary", "package-tree", "package-use"]) {
      write(`api/org/acme/${name}.html`, tree(""));
      write(`api/org/acme/it/${name}.html`, tree(""));
    }
    await withRag(async (rag) => {
      const report = await rag.ingest([dir], { root: dir });
      expect(report.sourceCopies).toEqual([]);
      expect(report.repeatedPassages).toEqual([]);
      expect(await sourcesOf(rag)).toHaveLength(6);
    });
  });

  it("finds a language in a file's name (index.fr.html beside index.html and index.en.html), not in the name itself, a dotted name or one member's page", async () => {
    rmSync(join(dir, "html"), { recursive: true });
    write("ref/index.html", page("Reference", KERNEL_EN));
    write("ref/index.fr.html", page("Référence", KERNEL_EN));
    // The French translation beside the pages without a language part is one of several pages.
    write("ref/install.html", page("Install", APT_EN.replace("apt-get", "apt")));
    write("ref/install.fr.html", page("Installer", APT_FR.replace("apt-get", "apt")));
    write("ref/usage.html", page("Usage", APT_EN.replace("apt-get", "aptitude")));
    write("ref/usage.fr.html", page("Utilisation", APT_FR.replace("apt-get", "aptitude")));
    write("ref/apt.en.html", page("APT", APT_EN));
    write("ref/apt.de.html", page("APT", APT_EN));
    write("ref/apt.fr.html", page("APT", APT_FR));
    // Pages about languages, named after them: "fr" is the name here, not a translation's mark; a method "lt" whose
    // page the class's page holds in full; and the pages of members named "id" (cppreference's std::locale::id, Free
    // Pascal's TCollectionItem.ID), one in a folder or name of its own.
    write("langs/en.html", page("English", APT_EN));
    write("langs/fr.html", page("French", APT_EN));
    write("api/pandas.DataFrame.html", page("DataFrame", `${KERNEL_EN} ${APT_EN}`));
    write("api/pandas.DataFrame.lt.html", page("DataFrame.lt", APT_EN));
    write("api/locale.html", page("locale", `${KERNEL_EN} ${APT_EN}`));
    write("api/locale/id.html", page("locale::id", `${KERNEL_EN} ${APT_EN}`));
    write("api/locale/id/id.html", page("locale::id::id", APT_EN));
    write("api/tcollectionitem.html", page("TCollectionItem", `${KERNEL_EN} ${APT_EN}`));
    write("api/tcollectionitem.id.html", page("TCollectionItem.ID", KERNEL_EN));
    await withRag(async (rag) => {
      const report = await rag.ingest([dir], { root: dir });
      expect(report.sourceCopies).toEqual([
        { source: join(dir, "ref/apt.de.html"), copyOf: join(dir, "ref/apt.en.html") },
        { source: join(dir, "ref/index.fr.html"), copyOf: join(dir, "ref/index.html") },
      ]);
      expect(await sourcesOf(rag)).toEqual(
        expect.arrayContaining(["langs/fr.html", "api/pandas.DataFrame.lt.html", "api/locale/id/id.html", "api/tcollectionitem.id.html"]),
      );
    });
  });

  it("keeps the pages a user names, and all of them with keepSourceCopies", async () => {
    await withRag(async (rag) => {
      const report = await rag.ingest([join(dir, "html/en-US/kernel.html"), join(dir, "html/fr-FR/kernel.html")], { root: dir });
      expect(report.sourceCopies).toEqual([]);
      expect(await sourcesOf(rag)).toEqual(["html/en-US/kernel.html", "html/fr-FR/kernel.html"]);
    });
    for (const keepSourceCopies of [false, true]) {
      await withRag(async (rag) => {
        const report = await rag.ingest([join(dir, "html")], { root: dir, keepSourceCopies });
        expect(report.sourceCopies).toHaveLength(keepSourceCopies ? 0 : 2);
        expect(await sourcesOf(rag)).toHaveLength(keepSourceCopies ? 5 : 3);
      });
    }
  });

  it("takes the page back in when the page it repeated is gone", async () => {
    await withRag(async (rag) => {
      expect((await rag.ingest([join(dir, "html")], { root: dir })).sourceCopies).toHaveLength(2);
      rmSync(join(dir, "html/en-US/kernel.html"));
      const report = await rag.ingest([join(dir, "html")], { root: dir, prune: true });
      expect(report.sourceCopies).toEqual([]);
      expect(await sourcesOf(rag)).toEqual(["html/de-DE/kernel.html", "html/en-US/apt.html", "html/fr-FR/apt.html", "html/fr-FR/kernel.html"]);
    });
  });
});

describeEachTarget("ingest: copies remembered in the collection", (target) => {
  it("leaves a remembered copy out again on a no-change run, and compares it again once its original changes", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "remembered-")));
    try {
      const original = join(dir, "en", "kernel.html");
      mkdirSync(join(dir, "en"));
      mkdirSync(join(dir, "fr"));
      writeFileSync(original, page("Kernel", KERNEL_EN));
      writeFileSync(join(dir, "fr", "kernel.html"), page("Noyau", KERNEL_EN));
      writeFileSync(join(dir, "fr", "apt.html"), page("APT", APT_FR));
      const time = new Date("2026-01-01T00:00:00Z");
      utimesSync(original, time, time);
      const rag = await createRag({ ...target.options(), collection: uniqueName("left"), embedder: hashEmbedder({ dimensions: 16 }) });
      try {
        const copy = [{ source: join(dir, "fr", "kernel.html"), copyOf: original }];
        expect((await rag.ingest([dir], { root: dir })).sourceCopies).toEqual(copy);
        // Rewritten to the same size with its time put back: the copy is not compared again.
        writeFileSync(original, page("Kernel", KERNEL_EN.split(" ").reverse().join(" ")));
        utimesSync(original, time, time);
        expect((await rag.ingest([dir], { root: dir })).sourceCopies).toEqual(copy);
        utimesSync(original, time, new Date(time.getTime() + 5000));
        const changed = await rag.ingest([dir], { root: dir });
        expect(changed.sourceCopies).toEqual([]);
        expect(changed.documents.added).toBe(1);
      } finally {
        await rag.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ingest: the table of copies in a collection made before it", () => {
  let dir: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "left-out-table-")));
    mkdirSync(join(dir, "site", "en"), { recursive: true });
    mkdirSync(join(dir, "site", "fr"), { recursive: true });
    writeFileSync(join(dir, "site", "en", "kernel.html"), page("Kernel", KERNEL_EN));
    writeFileSync(join(dir, "site", "fr", "kernel.html"), page("Noyau", KERNEL_EN));
    writeFileSync(join(dir, "site", "fr", "apt.html"), page("APT", APT_FR));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (busyTimeoutMs?: number) =>
    createRag({ url: `file:${join(dir, "rag.db")}`, embedder: hashEmbedder({ dimensions: 16 }), ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  const site = () => [join(dir, "site")];

  /** Makes the collection what a release before schema 5 left: no table of copies, schema version 4. */
  async function makeOlder(): Promise<string> {
    const rag = await open();
    await rag.ingest(site(), { root: dir });
    const table = await leftOutTable(rag);
    await rag.store.client.execute(`DROP TABLE "${table}"`);
    await rag.store.client.execute({ sql: "UPDATE rag_collections SET schema_version = 4 WHERE name = ?", args: [rag.collection.name] });
    await rag.close();
    return table;
  }

  /** The collection's table of copies: its base table's name, as the registry has it, and `_left_out`. */
  const leftOutTable = async (rag: Rag) =>
    `${(await rag.store.client.execute({ sql: "SELECT table_name FROM rag_collections WHERE name = ?", args: [rag.collection.name] })).rows[0]!.table_name}_left_out`;
  const hasTable = async (rag: Rag, table: string) =>
    (await rag.store.client.execute({ sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args: [table] })).rows.length === 1;

  it("adds the table when an older collection is opened, and remembers copies from then on", async () => {
    const table = await makeOlder();
    const rag = await open();
    try {
      expect(rag.collection.info.schemaVersion).toBe(5);
      expect(await hasTable(rag, table)).toBe(true);
      expect((await rag.ingest(site(), { root: dir })).sourceCopies.map((c) => c.source)).toEqual([join(dir, "site", "fr", "kernel.html")]);
      expect((await rag.store.client.execute(`SELECT source FROM "${table}"`)).rows.map((r) => r.source)).toEqual([join(dir, "site", "fr", "kernel.html")]);
      // A copy deleted is forgotten.
      rmSync(join(dir, "site", "fr", "kernel.html"));
      await rag.ingest(site(), { root: dir });
      expect((await rag.store.client.execute(`SELECT source FROM "${table}"`)).rows).toEqual([]);
    } finally {
      await rag.close();
    }
  });

  it("ingests into an older collection whose upgrade another writer kept from running, remembering nothing", async () => {
    const table = await makeOlder();
    const other = createClient({ url: `file:${join(dir, "rag.db")}` });
    const lock = await other.transaction("write");
    await lock.execute("UPDATE rag_meta SET value = value WHERE 0");
    const rag = await open(300);
    await lock.rollback();
    other.close();
    try {
      expect(rag.collection.info.schemaVersion).toBe(4);
      for (let run = 0; run < 2; run++) {
        const report = await rag.ingest(site(), { root: dir });
        expect(report.failures).toEqual([]);
        expect(report.sourceCopies.map((c) => c.source)).toEqual([join(dir, "site", "fr", "kernel.html")]);
      }
      expect(await hasTable(rag, table)).toBe(false);
    } finally {
      await rag.close();
    }
  });

  it("check names a missing table of copies, and reindex makes it again", async () => {
    const rag = await open();
    try {
      await rag.ingest(site(), { root: dir });
      const table = await leftOutTable(rag);
      await rag.store.client.execute(`DROP TABLE "${table}"`);
      const problems = (await rag.store.check()).problems.map((p) => p.message);
      expect(problems).toEqual([expect.stringContaining(`${table}, is missing`)]);
      await rag.collection.reindex();
      expect(await hasTable(rag, table)).toBe(true);
      expect((await rag.store.check()).problems).toEqual([]);
    } finally {
      await rag.close();
    }
  });
});
