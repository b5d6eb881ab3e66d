import { basename, dirname, resolve, sep } from "node:path";
import pLimit from "p-limit";
import { editionCandidates, isTextEdition, pageStamps, repeatsPages, withoutInlineTags } from "./editions.js";
import { formatExtension } from "./loaders/extension.js";
import type { LoadedDocument } from "./loaders/index.js";
import type { ResolvedLimits } from "./limits.js";
import { memoized } from "./memoized.js";
import { type RepeatedPassages, TranslationMirrors } from "./translations.js";
import { PAGE_FORMATS, readText, WordPairs } from "./word-pairs.js";

/** A file left out of a run because it repeats what the run's pages say. */
export interface SourceCopy {
  /**
   * The copy: a page's source (text, reStructuredText, Markdown, AsciiDoc, notebook), a PDF of a whole manual, or a
   * page showing a program's source file.
   */
  path: string;
  /** The HTML page built from the source, the folder whose pages the PDF repeats, or the title of the source file shown. */
  copyOf: string;
}

/** Formats a site's sources are written in, and the formats of the pages built from them. */
const SOURCE_FORMATS = new Set([".txt", ".text", ".rst", ".rest", ".adoc", ".asciidoc", ".md", ".markdown", ".mdx", ".ipynb"]);
/** Extensions taken off a name to give its stem: "os.rst.txt" and "os.html.gz" both have the stem "os". */
const STEM_EXTENSIONS = /(?:\.(?:txt|text|rst|rest|adoc|asciidoc|md|markdown|mdx|ipynb|html?|xhtml|gz))+$/i;
/** Share of a source's word pairs that its page must hold: a source with a third of its text of its own is kept. */
const MIN_SHARED = 0.7;
/** Share of a PDF's word pairs that the pages beside it must hold, with no name to pair them by. */
const MIN_SHARED_PDF = 0.8;
/** Files read at once while looking for copies: reads overlap the comparing. */
const READS_AT_ONCE = 4;
/** Same-named pages whose text is compared, nearest first. */
const MAX_TRIES = 2;

/**
 * Finds the files among `files` that copy a page of the same run: the source a documentation generator built the
 * page from and ships beside it (Sphinx's `_sources/library/os.rst.txt` for `library/os.html`, a `rst/` tree beside
 * `html/`, docutils' `quickstart.txt` beside `quickstart.html`, MkDocs' `docs/install.md` for
 * `site/install/index.html`). Ingested too, each passage would be found twice, and the copy, with the same words
 * and no page around them, often ranks above its page.
 *
 * A copy is a source-format file found by a folder or glob (not one in `named`) whose path mirrors an HTML page's:
 * the same name without extensions, in the same folders below a point where the two paths part by at most one
 * folder each (`_sources/`, or `rst/` against `html/`) or by a build folder two deep on the page's side
 * (`docs/_build/html/`), or, when no page's path is so, a page of its name, one of at most two in the run
 * (sphinx-gallery's `_downloads/<hash>/plot_digits.ipynb`); and at least 70% of the distinct word pairs of what its
 * page shows of its text are the page's (see `shownText`). Files that cannot be read are not copies: the run reports
 * them as it reads them.
 */
export async function findSourceCopies(files: readonly string[], named: ReadonlySet<string>, limits: ResolvedLimits): Promise<SourceCopy[]> {
  const pagesByStem = new Map<string, Page[]>();
  const addPage = (page: Page) => {
    const key = page.segments.at(-1)!.toLowerCase();
    const list = pagesByStem.get(key);
    if (list) list.push(page);
    else pagesByStem.set(key, [page]);
  };
  for (const path of files) {
    if (!PAGE_FORMATS.has(formatExtension(path))) continue;
    const segments = stemSegments(path);
    addPage({ path, segments });
    // A page at "install/index.html" is the site's "install" page (MkDocs writes each page so).
    if (segments.length > 1 && segments.at(-1)!.toLowerCase() === "index") addPage({ path, segments: segments.slice(0, -1) });
  }
  const limit = pLimit(READS_AT_ONCE);
  const found = await Promise.all(
    files.map((file) => {
      if (named.has(file) || !SOURCE_FORMATS.has(formatExtension(file))) return undefined;
      const segments = stemSegments(file);
      const sameName = pagesByStem.get(segments.at(-1)!.toLowerCase()) ?? [];
      let near = sameName
        .map((page) => ({ path: page.path, rank: mirrorRank(segments, page.segments) }))
        .filter((c) => c.rank > 0)
        .sort((a, b) => b.rank - a.rank)
        .slice(0, MAX_TRIES);
      // A source whose path mirrors no page's (sphinx-gallery's `_downloads/<hash>/plot_digits.ipynb` of
      // `auto_examples/classification/plot_digits.html`) is compared with the pages of its name, when there are few.
      if (near.length === 0 && sameName.length <= MAX_TRIES) near = sameName.map((page) => ({ path: page.path, rank: 0 }));
      return near.length === 0 ? undefined : limit(() => pageCopied(file, near, limits));
    }),
  );
  const copies = found.filter((copy) => copy !== undefined);
  return [...copies.map(({ includes: _, ...copy }) => copy), ...(await includedCopies(copies, files, named, limits))];
}

/** A source copy, with the files its text includes. */
type FoundCopy = SourceCopy & { includes: string[] };

/** The first of `pages` that `file` copies, if any. */
async function pageCopied(file: string, pages: ReadonlyArray<{ path: string }>, limits: ResolvedLimits): Promise<FoundCopy | undefined> {
  const source = await readSource(file, limits);
  if (source === undefined) return undefined;
  for (const { path } of pages) {
    if (sharesPairs(source.pairs, await readText(path, limits, true))) return { path: file, copyOf: path, includes: includedFiles(source.text, file) };
  }
  return undefined;
}

/**
 * The files that source copies include (AsciiDoc's `include::diff-options.txt[]`, reStructuredText's
 * `.. include:: notes.rst`), found by a folder or glob, and whose words are the including copy's page's as a copy's
 * are: parts of that page's source, as Git's `diff-options.txt` is of `git-diff.html` and six more. A file included
 * by several copies is compared with each of their pages until one holds it; includes of includes are followed.
 */
async function includedCopies(
  copies: readonly FoundCopy[],
  files: readonly string[],
  named: ReadonlySet<string>,
  limits: ResolvedLimits,
): Promise<SourceCopy[]> {
  const inRun = new Set(files);
  const left = new Set(copies.map((copy) => copy.path));
  const found: SourceCopy[] = [];
  // A page whose source includes several parts is read once for all of them.
  const readPage = memoized((path) => readText(path, limits, true));
  const queue = [...copies];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const file of next.includes) {
      if (left.has(file) || !inRun.has(file) || named.has(file) || !SOURCE_FORMATS.has(formatExtension(file))) continue;
      const source = await readSource(file, limits);
      if (source === undefined || !sharesPairs(source.pairs, await readPage(next.copyOf))) continue;
      left.add(file);
      found.push({ path: file, copyOf: next.copyOf });
      queue.push({ path: file, copyOf: next.copyOf, includes: includedFiles(source.text, file) });
    }
  }
  return found;
}

/** A source's text and the word pairs of what its page shows of it (see {@link shownText}); `undefined` when it cannot be read. */
async function readSource(file: string, limits: ResolvedLimits): Promise<{ text: string; pairs: WordPairs } | undefined> {
  const text = await readText(file, limits, false);
  return text === undefined ? undefined : { text, pairs: new WordPairs(shownText(text)) };
}

/** reStructuredText's explicit markup: `..`, then a directive, a target, a comment or nothing; not a footnote's `.. [1]`. */
const EXPLICIT_MARKUP = /^([ \t]*)\.\.(?:[ \t]+(?!\[)(\S.*))?$/;

/** A substitution reference, `|version|`; and a field whose body is nothing but such references, or nothing (`:orphan:`). */
const SUBSTITUTION = /\|[\w.-]+\|/g;
const SUBSTITUTED_FIELD = /^[ \t]*:[\w -]+:(?:[ \t]*\|[\w.-]+\|)*[ \t]*$/;
/**
 * A role's name before its text (`:meth:`), a link's target after it (`generator expressions
 * <cmake-generator-expressions(7)>`), and a name the page shows by its last part (`~acme.Connection.close`).
 */
const ROLE_NAME = /:[\w+.-]+(?::[\w+.-]+)*:(?=`)/g;
const LINK_TARGET = /(`[^`<]*?)\s*<[^<>`]*>`/g;
const LAST_PART = /`~(?:[\w-]+\.)*/g;

/**
 * A source's text without what its page does not show as words: reStructuredText's directives with their options
 * (`.. automodule:: celery.backends.redis` over `:members:`: the page shows what they make), a toctree's list of
 * document names (the page shows their titles), raw HTML (`.. raw:: html` over `<div class="clearer"></div>`),
 * targets (`.. _guide-tasks:`), comments, substitutions (`:Release: |version|`: the page shows "Release: 5.2"),
 * roles' names and links' targets (the page shows "generator expressions" of
 * ``:manual:`generator expressions <cmake-generator-expressions(7)>` ``, and "close()" of
 * ``:meth:`~acme.Connection.close` ``). Other formats' text is left as it is, but for `|word|` and those forms in
 * backticks.
 */
function shownText(text: string): string {
  const lines = text.split("\n");
  const shown: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const markup = EXPLICIT_MARKUP.exec(lines[i]!);
    if (markup === null) {
      // A substitution (`|version|`) shows a value set elsewhere; a field of nothing else (`:Release: |version|`) goes.
      if (!SUBSTITUTED_FIELD.test(lines[i]!))
        shown.push(lines[i]!.replace(SUBSTITUTION, " ").replace(ROLE_NAME, "").replace(LINK_TARGET, "$1`").replace(LAST_PART, "`"));
      continue;
    }
    const indent = markup[1]!.length;
    const body = markup[2] ?? "";
    const directive = /^[\w:-]+::/.test(body);
    // A toctree's entries, raw markup and a comment's text are the block under it; a directive's options are fields.
    const whole = /^(?:toctree|raw)::/.test(body) || !(directive || body.startsWith("_") || body.startsWith("|"));
    const under = (line: string) => line.length - line.trimStart().length > indent && (whole || /^\s*:[\w-]+:/.test(line));
    while (i + 1 < lines.length && ((whole && lines[i + 1]!.trim() === "") || under(lines[i + 1]!))) i++;
  }
  return shown.join("\n");
}

/**
 * Whether a page's text holds at least `MIN_SHARED` of a source's word pairs; a source that shows no pair of words
 * (nothing but directives: a source that includes another's) is held by any page it mirrors.
 */
function sharesPairs(pairs: WordPairs, page: string | undefined): boolean {
  return page !== undefined && pairs.collect(page, new Set(), MIN_SHARED);
}

/** The files a source's text includes, by AsciiDoc's `include::` and reStructuredText's `.. include::`, as paths. */
function includedFiles(text: string, file: string): string[] {
  const targets = [...text.matchAll(/^include::([^[\s]+)\[|^\.\.[ \t]+include::[ \t]*(\S+)/gm)].map((m) => (m[1] ?? m[2])!);
  return targets.map((target) => resolve(dirname(file), target));
}

/**
 * What the planner asks of each file it reads, a folder or glob having found it: whether, read, it is a copy.
 * - A PDF of a whole manual shipped beside its pages (zsh's `zsh.pdf` beside `html/`, Erlang's `doc/pdf/erts.pdf`
 *   beside `doc/*.html`), told from a PDF of its own by its words: it is a copy when at least 80% of the distinct
 *   pairs of adjacent words in its text stand in the run's HTML pages under its folder, or, with none there, under
 *   the folder above.
 * - A page that repeats the pages beside it on one page (mdBook's `print.html`; see `editionCandidates`): a copy
 *   when 80% of its pairs of words stand in the other pages of its folder, and no one of them holds half.
 * - A plain-text edition of the pages beside it (Haddock's Hoogle database `base.txt`; see `isTextEdition`): a copy
 *   as a PDF is, by the words it shows.
 * - A page that shows a program's source file line by line (Doxygen's `*_source.html`, rustdoc's `src/`), as the
 *   HTML loader tells it (`sourceListing`): a copy of that file, whose code and comments the reference pages say.
 */
export class CopyCheck {
  private readonly pages: readonly string[];
  private readonly translations: TranslationMirrors;
  /** Pages that may be a one-page edition of the pages beside them (see `editionCandidates`). */
  private readonly editions: ReadonlySet<string>;
  /** The paths, sizes and times of change of a folder's pages: what an edition's copying depends on. */
  private readonly folderStamp = memoized((folder) => pageStamps(this.under(folder)));

  /**
   * `copiedPages`: the pages of the run that left-out sources copy. Such a page is kept even when it shows a source
   * file line by line (a text file beside its page of numbered lines), so that one of the two stays.
   */
  constructor(
    files: readonly string[],
    private readonly named: ReadonlySet<string>,
    private readonly limits: ResolvedLimits,
    private readonly copiedPages: ReadonlySet<string>,
  ) {
    this.pages = files.filter((file) => PAGE_FORMATS.has(formatExtension(file)));
    this.translations = new TranslationMirrors(files);
    this.editions = editionCandidates(this.pages.filter((page) => !named.has(page)));
  }

  /** Whether `file` is a PDF or a text edition that a folder or glob found with pages beside it: one to compare. */
  mayRepeat(file: string): boolean {
    // A one-page edition is remembered by its folder's stamps instead (see `hashPart`).
    return !this.editions.has(file) && this.beside(file) !== undefined;
  }

  /**
   * What `file`'s documents copy, when they are a copy: the folder whose pages a PDF repeats, or the title of the
   * source file a page shows.
   */
  async copied(file: string, docs: readonly LoadedDocument[], passagesOf: (doc: LoadedDocument) => Promise<string[] | undefined>): Promise<string | undefined> {
    if (this.named.has(file)) return undefined;
    const only = docs.length === 1 ? docs[0] : undefined;
    if (only?.sourceListing === true && !this.copiedPages.has(file)) return only.title ?? basename(file);
    const passages = only !== undefined && this.translations.mirrorsOf(file).length > 0 ? await passagesOf(only) : undefined;
    const original = passages === undefined ? undefined : await this.translations.original(file, passages, this.limits);
    if (original !== undefined) return original;
    const beside = this.beside(file);
    if (beside === undefined) return undefined;
    const { folder, pages } = beside;
    const text = docs.map((doc) => doc.content).join("\n");
    // A text edition is compared by the words it shows (see `withoutInlineTags`); a PDF's or a page's text is read already.
    const pairs = new WordPairs(this.editions.has(file) || formatExtension(file) === ".pdf" ? text : withoutInlineTags(text));
    if (pairs.size === 0) return undefined;
    if (this.editions.has(file)) return (await repeatsPages(pairs, pages, this.limits)) ? folder : undefined;
    const found = new Set<number>();
    for (const page of pages) {
      const pageText = await readText(page, this.limits, true);
      if (pageText !== undefined && pairs.collect(pageText, found, MIN_SHARED_PDF)) return folder;
    }
    return undefined;
  }

  /**
   * Whether `file`, left out as a copy, is one still when a later run reads it with the same hash (its bytes, the
   * run's settings, the pages it mirrors): not a PDF, whose copying depends on the pages beside it, nor a source
   * listing whose source is now left out as a copy of it.
   */
  mayRemember(file: string): boolean {
    return !this.named.has(file) && !this.copiedPages.has(file) && !this.mayRepeat(file) && !this.translations.mirrorsBare(file);
  }

  /** The run's pages that mirror `file`'s in other languages (see {@link TranslationMirrors}): what its copies depend on. */
  mirrorsOf(file: string): string[] {
    return this.named.has(file) ? [] : this.translations.mirrorsOf(file);
  }

  /**
   * What a file's hash must hold of the copy check, since whether the file is a copy depends on it: that copies are
   * checked at all (a run that kept them ingested them), whether a source left out copies the file (a source listing
   * is then kept), and the paths, sizes and times of change of the pages the file mirrors.
   */
  async hashPart(file: string): Promise<string> {
    if (this.named.has(file)) return "";
    const edition = this.editions.has(file) ? await this.folderStamp(dirname(file)) : "";
    return `\u0000copies${this.copiedPages.has(file) ? "\u0000copied" : ""}${await this.translations.mirrorStamps(file)}${edition}`;
  }

  /** The passages of `file`'s document that repeat, untranslated, the page it translates (see {@link TranslationMirrors}). */
  repeatedPassages(file: string, passages: readonly string[]): Promise<RepeatedPassages | undefined> {
    return this.named.has(file) ? Promise.resolve(undefined) : this.translations.repeatedPassages(file, passages, this.limits);
  }

  /** The folder whose pages `file` may repeat, and those pages; asked of a file once each by `mayRepeat` and `copied`. */
  private readonly beside = memoized((file: string): { folder: string; pages: string[] } | undefined => {
    if (this.editions.has(file)) return { folder: dirname(file), pages: this.under(dirname(file)).filter((page) => page !== file) };
    const format = formatExtension(file);
    if (this.named.has(file) || (format !== ".pdf" && !isTextEdition(file, format))) return undefined;
    for (const folder of [dirname(file), dirname(dirname(file))]) {
      const pages = this.under(folder);
      if (pages.length > 0) return { folder, pages };
    }
    return undefined;
  });

  private under(folder: string): string[] {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    return this.pages.filter((page) => page.startsWith(prefix));
  }
}

/** An HTML page of the run: its path, and its folders and name without extensions. */
interface Page {
  path: string;
  segments: string[];
}

/** A path's folders and its name without extensions. */
function stemSegments(file: string): string[] {
  const stem = basename(file).replace(STEM_EXTENSIONS, "");
  return [...dirname(file).split(sep), stem || basename(file)];
}

/**
 * How closely a copy's path mirrors a page's, 0 when it does not: both end in the same folders and name (case
 * aside), and what comes before parts by at most one folder on each side, or by a build folder two deep on the
 * page's (`_build/html/`, `build/html/`). A longer shared ending ranks higher, and a copy one folder below the
 * page's tree (Sphinx's `_sources/`) above sibling trees.
 */
export function mirrorRank(copy: readonly string[], page: readonly string[]): number {
  let shared = 0;
  while (shared < copy.length && shared < page.length && same(copy[copy.length - 1 - shared]!, page[page.length - 1 - shared]!)) shared++;
  if (shared === 0) return 0;
  const a = copy.slice(0, copy.length - shared);
  const b = page.slice(0, page.length - shared);
  const up = (x: readonly string[], n: number) => x.slice(0, x.length - n).join(sep);
  let form = 0;
  if (up(a, 0) === up(b, 0)) form = 5;
  else if (up(a, 1) === up(b, 0)) form = 4;
  else if (a.length === b.length && up(a, 1) === up(b, 1)) form = 3;
  else if (up(a, 0) === up(b, 1)) form = 2;
  // A build folder two deep: docs/x.rst against docs/_build/html/x.html, docs/source/ against docs/build/html/.
  else if (b.length >= 2 && (up(a, 0) === up(b, 2) || (a.length === b.length - 1 && up(a, 1) === up(b, 2)))) form = 1;
  return form === 0 ? 0 : shared * 8 + form;
}

function same(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}
