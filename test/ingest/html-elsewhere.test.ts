import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile, parseHtml } from "../../src/ingest/loaders/index.js";

const NOTICE = "This document describes the current stable version of Celery (5.2).";

/** A Sphinx page of Celery's theme: its notice (`deck`) before the `<h1>`, in the page's content. */
function page(deck: string, after = ""): string {
  return `<html><head><title>Tasks &#8212; Celery 5.2.6 documentation</title></head><body>
<div class="related" role="navigation"><ul><li><a href="../index.html">Celery 5.2.6 documentation</a></li></ul></div>
<div class="body" role="main"><div class="deck">${deck}</div>
<section id="tasks"><h1>Tasks</h1>${after}<p>Tasks are the building blocks of Celery applications.</p></section></div></body></html>`;
}

const deck = (href: string, more = "") => `<p>${NOTICE} For development docs, <a href="${href}">go here</a>.${more}</p>`;
const MASTER = "http://docs.celeryproject.org/en/master/userguide/tasks.html";

describe("a notice that points at this very page elsewhere", () => {
  it("is left out when its every link leads to the page's own file on another site", () => {
    const read = parseHtml(page(deck(MASTER)), { fileName: "tasks.html" });
    expect(read.content).toBe("Tasks\n\nTasks are the building blocks of Celery applications.");
    expect(read.title).toBe("Tasks");
    // The page's source on another site (its .rst) is the same page too.
    expect(parseHtml(page(deck("https://github.com/celery/celery/blob/main/docs/userguide/tasks.rst")), { fileName: "tasks.html" }).content).not.toContain(
      NOTICE,
    );
  });

  it("stays when the page's file name is unknown, or the notice is not one", () => {
    const kept = (html: string, options: { fileName?: string } = { fileName: "tasks.html" }) => parseHtml(html, options).content;
    expect(kept(page(deck(MASTER)), {})).toContain(NOTICE);
    // A link to another page, or one on this site, is the text's own.
    expect(kept(page(deck("http://docs.celeryproject.org/en/master/userguide/calling.html")))).toContain(NOTICE);
    expect(kept(page(deck("../userguide/tasks.html")))).toContain(NOTICE);
    // A block that also links elsewhere, or says more than a notice.
    expect(kept(page(deck(MASTER, ' See <a href="calling.html">Calling Tasks</a>.')))).toContain(NOTICE);
    expect(kept(page(deck(MASTER, ` ${"Tasks run on workers that take them from a broker's queues. ".repeat(5)}`)))).toContain(NOTICE);
    // After the page's first heading it is the page's text.
    expect(kept(page("", deck(MASTER)))).toContain(NOTICE);
  });

  it("is known by the file's own name when a page is loaded from a folder, gzip-compressed or not", async () => {
    await mkdir(join(dir, "userguide"), { recursive: true });
    await writeFile(join(dir, "userguide", "tasks.html"), page(deck(MASTER)));
    await writeFile(join(dir, "userguide", "calling.html"), page(deck(MASTER)));
    await writeFile(join(dir, "tasks.html.gz"), gzipSync(page(deck(MASTER))));
    const [tasks] = await loadFile(join(dir, "userguide", "tasks.html"), { root: dir });
    expect(tasks!.content).not.toContain(NOTICE);
    const [calling] = await loadFile(join(dir, "userguide", "calling.html"), { root: dir });
    expect(calling!.content).toContain(NOTICE);
    const [zipped] = await loadFile(join(dir, "tasks.html.gz"), { root: dir });
    expect(zipped!.content).not.toContain(NOTICE);
  });
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "libsql-rag-elsewhere-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
