import { realpath } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import pLimit from "p-limit";
import { contentHash } from "../../embed/content-hash.js";
import { decodeText } from "../loaders/decode.js";
import { formatExtension } from "../loaders/extension.js";
import type { SourceFile } from "../loaders/index.js";
import type { ResolvedLimits } from "../limits.js";
import { mayHoldReferences } from "./attribute-references.js";
import { hasConditionals, mayHoldConditionals } from "./conditionals.js";
import { findDirectives, includeSyntax } from "./directives.js";
import { expandIncludes, readTextFile, splitTarget } from "./expand.js";
import { IncludeJail, resolveTarget } from "./resolve.js";

export { IncludeJail } from "./resolve.js";

/** A file of the run that a page of the run includes, left out as a document of its own. */
export interface IncludedFile {
  path: string;
  /** The page that includes it, directly or through other included files. */
  includedBy: string;
}

/** Files read at once while looking for includes. */
const READS_AT_ONCE = 8;

/**
 * The jail of a run's includes (see {@link IncludeJail}): the real paths of its folders and globs' fixed folders,
 * and the folders of the files named.
 */
export async function includeJail(roots: readonly string[], named: Iterable<string>): Promise<IncludeJail> {
  const folders = await Promise.all([...named].map(async (file) => dirname((await realpath(file).catch(() => undefined)) ?? resolve(file))));
  return new IncludeJail([...new Set([...roots, ...folders])]);
}

/**
 * Reads a run's source files with their includes (see `expandIncludes`), and tells which of its files are parts of
 * its pages.
 */
export class Includes {
  constructor(
    private readonly jail: IncludeJail,
    private readonly limits: ResolvedLimits,
  ) {}

  /**
   * The files {@link parts} found an include directive or an AsciiDoc conditional in: the only ones {@link read}
   * decodes and expands.
   */
  private readonly withDirectives = new Set<string>();

  /**
   * A source file read with its includes in place, as UTF-8, and a hash of the files read into it, which the hash
   * of its bytes leaves out; or the file as it is, and "", when it includes nothing that can be read. A file that
   * {@link parts} found no directive in is returned as it is, not decoded again; so is a compressed file, or one
   * that cannot be decoded, which is left to its loader.
   *
   * @throws {RagError} `LIMIT_EXCEEDED` when the text with its includes is over `limits.maxFileBytes`.
   */
  async read(file: SourceFile): Promise<{ file: SourceFile; partsHash: string }> {
    const syntax = includeSyntax(file.extension);
    if (syntax === undefined || file.gzipped || !this.withDirectives.has(file.path)) return { file, partsHash: "" };
    let text: string;
    try {
      text = decodeText(file.bytes, { source: file.source }).text;
    } catch {
      return { file, partsHash: "" };
    }
    const expanded = await expandIncludes(text, resolve(file.path), syntax, this.jail, this.limits, file.source);
    if (expanded === undefined) return { file, partsHash: "" };
    const partsHash = contentHash(expanded.parts.map((part) => `${part.path}\u0000${part.hash}`).join("\u0000"));
    return { file: { ...file, bytes: Buffer.from(expanded.text, "utf8") }, partsHash };
  }

  /**
   * The files among `files` that another of them includes, found by a folder or glob (not in `named`): Antora's
   * partials and examples, Hugo's `_common/` fragments, a Sphinx project's `.. include::`d notes. The site shows
   * them only inside the pages that include them, and so does ingest once it reads includes: left in, each passage
   * would be found twice, once on a page no one can open. A file that includes a part and is included by none is
   * its page; files that include one another and are included by no page are all kept.
   */
  async parts(files: readonly string[], named: ReadonlySet<string>): Promise<IncludedFile[]> {
    const sources = files.filter((file) => includeSyntax(formatExtension(file)) !== undefined);
    const limit = pLimit(READS_AT_ONCE);
    const reals = await Promise.all(sources.map((file) => limit(async () => (await realpath(file).catch(() => undefined)) ?? file)));
    const byReal = new Map(sources.map((file, i) => [reals[i]!, file]));
    const edges = await Promise.all(sources.map((file, i) => limit(() => this.includedBy(file, reals[i]!, byReal))));
    const includes = new Map(sources.map((file, i) => [file, edges[i]!]));
    const included = new Set(edges.flat());
    const found = new Map<string, string>();
    for (const page of sources.filter((file) => !included.has(file))) {
      const queue = [...(includes.get(page) ?? [])];
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        if (next === page || found.has(next) || named.has(next)) continue;
        found.set(next, page);
        queue.push(...(includes.get(next) ?? []));
      }
    }
    return [...found].map(([path, includedBy]) => ({ path, includedBy })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * The files of the run (by `byReal`, real path to run path) that `file`'s directives include; a file with any
   * directive, with a conditional to evaluate, or with an AsciiDoc attribute reference to replace, is noted for
   * {@link read}. (An include in a branch a conditional leaves out counts too: which branch is shown is known only as
   * each page is read.)
   */
  private async includedBy(file: string, real: string, byReal: ReadonlyMap<string, string>): Promise<string[]> {
    const read = await readTextFile(file, this.limits);
    const syntax = includeSyntax(formatExtension(file))!;
    const directives = read === undefined ? [] : findDirectives(read.text, syntax);
    const evaluated = read !== undefined && (hasConditionals(read.text, syntax) || (mayHoldConditionals(syntax) && mayHoldReferences(read.text)));
    if (directives.length > 0 || evaluated) this.withDirectives.add(file);
    const found: string[] = [];
    for (const directive of directives) {
      const target = await resolveTarget(splitTarget(directive).path, real, directive.base, this.jail);
      const inRun = target === undefined ? undefined : byReal.get(target);
      if (inRun !== undefined && inRun !== file) found.push(inRun);
    }
    return found;
  }
}
