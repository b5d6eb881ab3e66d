import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import pLimit from "p-limit";
import { formatExtension } from "./loaders/extension.js";
import type { ResolvedLimits } from "./limits.js";
import { readTextFile } from "./includes/expand.js";
import { parseDescriptor } from "./includes/resolve.js";
import { memoized } from "./memoized.js";

/**
 * Antora's navigation files: the menus of a component (`modules/ROOT/nav.adoc`), lists of `xref:` links Antora builds
 * the site's menu from. Antora publishes pages from a module's `pages/` folder only, and no page for a menu; ingested,
 * a menu is a document of page names that no question is about, and its many names match many questions' words.
 */

/** Files read at once while looking for menus. */
const READS_AT_ONCE = 8;
/** A menu is a small file: one larger than this is read as a page. */
const MAX_MENU_BYTES = 256 * 1024;
/** A line a menu holds: a list item, a block title, a block's attribute line, an attribute entry or a comment. */
const MENU_LINE = /^(?:\*{1,5}[ \t]+\S|\.{1,5}[ \t]+\S|\.[^\s.]|\[[^\]\n]*\]$|:!?[\w-]+!?:|\/\/)/;

/**
 * The AsciiDoc files among `files` (not in `named`, which are always ingested) that are an Antora component's menus:
 * those its `antora.yml` lists under `nav:`, and, where no descriptor says, a file beside a module's `pages/` folder
 * whose every line is a menu's (list items, block titles and attributes, comments) with at least one `xref:`.
 */
export async function findNavigationFiles(files: readonly string[], named: ReadonlySet<string>, limits: ResolvedLimits): Promise<string[]> {
  const listed = memoized((root: string) => descriptorMenus(root));
  const hasPages = memoized((folder: string) => isFolder(join(folder, "pages")));
  const limit = pLimit(READS_AT_ONCE);
  const found = await Promise.all(
    files.map((file) =>
      limit(async () => {
        const extension = formatExtension(file);
        if (named.has(file) || (extension !== ".adoc" && extension !== ".asciidoc")) return false;
        const module = dirname(file);
        // <component>/modules/<module>/nav.adoc, beside <component>/antora.yml.
        const component = dirname(dirname(module));
        if (basename(dirname(module)) === "modules" && (await listed(component)).has(relative(component, file).split(sep).join("/"))) return true;
        if (!(await hasPages(module))) return false;
        return isMenu((await readTextFile(file, { ...limits, maxFileBytes: Math.min(limits.maxFileBytes, MAX_MENU_BYTES) }))?.text);
      }),
    ),
  );
  return files.filter((_, i) => found[i]);
}

/** Whether `text` is a menu: every line a menu's, and at least one `xref:`. */
function isMenu(text: string | undefined): boolean {
  if (text === undefined || !text.includes("xref:")) return false;
  return text.split("\n").every((line) => line.trim() === "" || MENU_LINE.test(line.trim()));
}

/** The files (relative to `root`, with `/`) an Antora component's `antora.yml` in `root` lists under `nav:`. */
async function descriptorMenus(root: string): Promise<Set<string>> {
  const nav = parseDescriptor(await readFile(join(root, "antora.yml"), "utf8").catch(() => undefined))?.nav;
  return new Set(Array.isArray(nav) ? nav.filter((entry): entry is string => typeof entry === "string").map((entry) => entry.replace(/^\.\//, "")) : []);
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}
