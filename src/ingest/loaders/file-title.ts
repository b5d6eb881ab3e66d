import { extname } from "node:path";
import { isSupportedExtension, withoutGzip } from "./extension.js";

/** File names that say nothing of their content on their own: the folder's name goes before them. */
const GENERIC_NAMES = new Set(["readme", "index", "default", "home", "main"]);

/**
 * The title of a file that has none inside it (a README without a heading, a Markdown page whose first lines are a
 * logo): its name without its extensions, after its folder's when the name is generic ("fancyvrb/README" gives
 * "fancyvrb README"). Readers and search engines show the name when a page has no title, and LlamaIndex puts it
 * into each chunk's text; here it heads the chunks (the context header) and fills the keyword index's title
 * column. A generic name with no folder gives none.
 *
 * @example
 * fileTitle("fancyvrb/README"); // "fancyvrb README"
 * fileTitle("guide/configuration.md.gz"); // "configuration"
 * fileTitle("README"); // undefined
 */
export function fileTitle(source: string): string | undefined {
  const { name, folder } = fileName(source);
  if (name === "" || folder === "") return undefined;
  return folder === undefined ? name : `${folder} ${name}`;
}

/** A file's name without its extensions, and its folder's name when the file's is generic ("" when it has none). */
function fileName(source: string): { name: string; folder?: string } {
  const parts = source.split("/");
  let name = withoutGzip(parts[parts.length - 1] ?? "");
  if (isSupportedExtension(extname(name).toLowerCase())) name = name.slice(0, -extname(name).length);
  name = name.trim();
  if (name === "" || !GENERIC_NAMES.has(name.toLowerCase())) return { name };
  const folder = parts[parts.length - 2];
  return { name, folder: folder === undefined || folder === ".." ? "" : folder };
}

/**
 * Whether a heading names the file it opens: the words of one begin the words of the other, case and punctuation
 * aside ("# deepmerge" in deepmerge/README.md, where the folder names the file, "# tldts - Blazing Fast URL Parsing"
 * in tldts.md, "# `@inquirer/core`" in inquirer__core.md). A single letter names nothing.
 *
 * @example
 * namesFile("Apache Arrow in JS", "apache-arrow/README"); // true
 * namesFile("API", "a.md"); // false
 */
export function namesFile(heading: string, source: string): boolean {
  const { name, folder } = fileName(source);
  const ours = words(heading);
  const theirs = words(folder ?? name);
  const [shorter, longer] = ours.length <= theirs.length ? [ours, theirs] : [theirs, ours];
  return shorter.join("").length > 1 && shorter.every((word, i) => word === longer[i]);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}
