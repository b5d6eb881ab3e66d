import { readFile, realpath, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import pLimit from "p-limit";
import type { IncludeJail } from "./includes/index.js";
import { decodeText } from "./loaders/decode.js";
import { formatExtension } from "./loaders/extension.js";
import { gunzip } from "./loaders/gzip.js";
import { aliasTarget } from "./loaders/man/file.js";

/**
 * Man pages that only name another (`fstat.2` holds `.so man2/stat.2`) are left out of a run that reads the page they
 * name, as `man` shows that page. A run given the alias alone (`ingest man2/fstat.2.gz`) reads the page it names in
 * its place, as `man fstat` does, when that page is inside the run's folders (see `IncludeJail`).
 */

/** Files read at once while looking for aliases. */
const READS_AT_ONCE = 8;
/** The most aliases an alias may lead through to its page. */
const MAX_HOPS = 8;
/** An alias is a line or two: a larger file is a page. */
const MAX_ALIAS_BYTES = 4096;

/**
 * The man pages among `files` that name a page the run does not read, each with the real path of the page it names
 * (the first alias of a page, by path, when several name it): `man2/stat.2` is looked for under the manual's root
 * (the folder above `man2/`), then beside the alias, each also gzip-compressed.
 */
export async function loneAliasTargets(files: readonly string[], jail: IncludeJail): Promise<Map<string, string>> {
  const limit = pLimit(READS_AT_ONCE);
  const targets = await Promise.all(files.map((file) => limit(() => pageOf(file, jail))));
  const lone = new Map<string, string>();
  if (targets.every((target) => target === undefined)) return lone;
  const inRun = new Set(await Promise.all(files.map((file) => limit(() => realpath(file).catch(() => file)))));
  const claimed = new Set<string>();
  files.forEach((file, i) => {
    const target = targets[i];
    if (target === undefined || inRun.has(target) || claimed.has(target)) return;
    claimed.add(target);
    lone.set(file, target);
  });
  return lone;
}

/**
 * The real path of the page an alias leads to, through other aliases (`fstat.2` names `stat.2`, which may name
 * another) up to {@link MAX_HOPS} of them; undefined for a page that is no alias, a page outside the jail, a longer
 * chain or a cycle.
 */
async function pageOf(file: string, jail: IncludeJail): Promise<string | undefined> {
  const seen = new Set<string>();
  let page = await targetOf(file, jail);
  for (let hops = 1; page !== undefined && hops <= MAX_HOPS; hops++) {
    if (seen.has(page)) return undefined;
    seen.add(page);
    const next = await targetOf(page, jail);
    if (next === undefined) return page;
    page = next;
  }
  return undefined;
}

/** The real path of the file a man page names with `.so`, when it is an alias and the file is inside the jail. */
async function targetOf(file: string, jail: IncludeJail): Promise<string | undefined> {
  if (formatExtension(file) !== ".man") return undefined;
  const size = (await stat(file).catch(() => undefined))?.size;
  if (size === undefined || size > MAX_ALIAS_BYTES) return undefined;
  let text: string;
  try {
    const bytes = await readFile(file);
    text = decodeText(file.endsWith(".gz") ? gunzip(bytes, file, MAX_ALIAS_BYTES * 16) : bytes, { source: file }).text;
  } catch {
    return undefined;
  }
  const named = aliasTarget(text);
  if (named === undefined) return undefined;
  const folder = dirname(file);
  const candidates = [join(dirname(folder), named), join(folder, basename(named))].flatMap((path) => [path, `${path}.gz`]);
  const self = await realpath(file).catch(() => file);
  for (const candidate of candidates) {
    // A man page names a man page: another file a `.so` names is not read in its place.
    if (formatExtension(candidate) !== ".man") continue;
    const real = await jail.file(candidate);
    if (real !== undefined && real !== self) return real;
  }
  return undefined;
}
