import { languageCode, textLanguage } from "../search/language.js";
import type { LoadedDocument } from "./loaders/index.js";
import type { ResolvedLimits } from "./limits.js";
import { withLanguage } from "./prepare.js";
import { PAGE_FORMATS, readText, WordPairs } from "./word-pairs.js";
import { formatExtension } from "./loaders/extension.js";

/** Share of an untranslated page's word pairs that its original must hold: as for a source and its page. */
const MIN_SHARED = 0.7;
/**
 * Pages a language's folder or name part must hold that mirror a page without it, for such a page to be taken for
 * the original: `fr/` beside a site's own pages is a translation of many, while `locale/id/id.html` beside
 * `locale/id.html` (cppreference's `std::locale::id`) and Free Pascal's `tcollectionitem.id.html` are one member's page.
 */
const MIN_BARE_PAGES = 3;
/** A part of a path that may name a language: "fr", "pt-br", "zh_CN", "en-US", "ast". */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?$/i;

/**
 * Where a path names a language: the path with that part blanked, the language, the path without the part, and the
 * path up to the part with the language (what the pages of one translation share).
 */
interface LanguageSlot {
  key: string;
  language: string;
  bare: string;
  translation: string;
}

/**
 * The pages and passages of a site's translations that are not translated. A page in a language's folder
 * (`fr-FR/apt.html`, Apache's `da/mod/core.html`) or under a language's name (`index.fr.html`) mirrors the pages of
 * the same path in another language's place (`en-US/apt.html`, `index.en.html`) or without one (`index.html`, when
 * the language's place mirrors several pages so). It, or one of its passages, repeats such a page when its text is
 * in that page's language, not its own place's, and at least 70% of the distinct pairs of adjacent words of its text
 * stand in that page. Debian's handbook ships a third of its translated pages so, in English, and many more in part;
 * ingested, each English passage is found twice or more, and a translation's copy ranks beside or above the page it
 * copies.
 */
export class TranslationMirrors {
  /** The run's pages under each language slot's key. */
  private readonly tagged = new Map<string, Array<{ path: string; language: string }>>();
  private readonly pages: ReadonlySet<string>;
  /** Each translation's pages that mirror a page without its language part. */
  private readonly bareMirrored = new Map<string, number>();

  constructor(pages: readonly string[]) {
    this.pages = new Set(pages);
    for (const path of pages) {
      for (const { key, language, bare, translation } of languageSlots(path)) {
        const list = this.tagged.get(key);
        if (list) list.push({ path, language });
        else this.tagged.set(key, [{ path, language }]);
        if (this.pages.has(bare)) this.bareMirrored.set(translation, (this.bareMirrored.get(translation) ?? 0) + 1);
      }
    }
  }

  /** Whether the page without `slot`'s language part is in the run, and `slot` names a translation of several pages. */
  private bareMirror(slot: LanguageSlot): boolean {
    return this.pages.has(slot.bare) && (this.bareMirrored.get(slot.translation) ?? 0) >= MIN_BARE_PAGES;
  }

  /** The run's pages that mirror `file`'s in another language, or without one, in order: those it may repeat. */
  mirrorsOf(file: string): string[] {
    const mirrors = new Set<string>();
    for (const slot of languageSlots(file)) {
      for (const page of this.tagged.get(slot.key) ?? []) if (page.path !== file) mirrors.add(page.path);
      if (this.bareMirror(slot)) mirrors.add(slot.bare);
    }
    return [...mirrors].sort();
  }

  /** The page that `file`'s page repeats untranslated, if it is one. */
  async original(file: string, doc: LoadedDocument, limits: ResolvedLimits): Promise<string | undefined> {
    const slots = languageSlots(file);
    if (slots.length === 0) return undefined;
    const told = languageCode(withLanguage(doc).metadata.language);
    return told === undefined ? undefined : this.repeated(slots, doc.content, told, (path) => readMirror(path, limits));
  }

  /**
   * The passages of `file`'s document that repeat, untranslated, the pages it mirrors (a page translated in part
   * keeps its original's sections as they were): each passage whose words tell another language than the page's
   * folder or name, 70% of whose word pairs stand in the mirrored page of that language. Their numbers in
   * `passages`, and the first page they repeat; `undefined` when none does.
   */
  async repeatedPassages(file: string, passages: readonly string[], limits: ResolvedLimits): Promise<RepeatedPassages | undefined> {
    const slots = languageSlots(file);
    if (slots.length === 0) return undefined;
    // Each mirrored page is read once for all the passages.
    const texts = new Map<string, Promise<string | undefined>>();
    const read = (path: string) => {
      if (!texts.has(path)) texts.set(path, readMirror(path, limits));
      return texts.get(path)!;
    };
    let found: RepeatedPassages | undefined;
    for (const [index, passage] of passages.entries()) {
      const told = textLanguage(passage);
      const original = told === undefined ? undefined : await this.repeated(slots, passage, told, read);
      if (original === undefined) continue;
      found ??= { indices: new Set(), original };
      found.indices.add(index);
    }
    return found;
  }

  /** The page mirroring one of `slots` in the language `told` (or the page without the slot) that holds `text`. */
  private async repeated(
    slots: readonly LanguageSlot[],
    text: string,
    told: string,
    read: (path: string) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const pairs = new WordPairs(text);
    if (pairs.size === 0) return undefined;
    for (const slot of slots) {
      if (slot.language === told) continue;
      const mirrors = (this.tagged.get(slot.key) ?? []).filter((page) => page.language === told).map((page) => page.path);
      if (this.bareMirror(slot)) mirrors.push(slot.bare);
      for (const mirror of mirrors) {
        const mirrorText = await read(mirror);
        if (mirrorText !== undefined && pairs.collect(mirrorText, new Set(), MIN_SHARED)) return mirror;
      }
    }
    return undefined;
  }
}

/** Passages of a translated page that repeat its original: their numbers, and the first page they repeat. */
export interface RepeatedPassages {
  indices: Set<number>;
  original: string;
}

/** A mirrored file's text, a page's without its markup. */
function readMirror(path: string, limits: ResolvedLimits): Promise<string | undefined> {
  return readText(path, limits, PAGE_FORMATS.has(formatExtension(path)));
}

/**
 * The parts of a path that name a language (`fr-FR` in `html/fr-FR/apt.html`, `fr` in `index.fr.html`), each with
 * the path blanked there and the path without it: a folder's whole name, or in a file's name a part between a name
 * without dots and its extension. `fr.html` is a page about French, and pandas' `pandas.DataFrame.lt.html` the
 * method `lt`.
 */
function languageSlots(path: string): LanguageSlot[] {
  const parts = path.split(/([/\\.])/);
  const lastFolder = Math.max(parts.lastIndexOf("/"), parts.lastIndexOf("\\"));
  const slots: LanguageSlot[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i]!;
    if (i > lastFolder && (i !== lastFolder + 3 || !/^\.[^.]+(?:\.gz)?$/i.test(parts.slice(i + 1).join("")))) continue;
    // A folder names a language with its whole name: not "so" in "libfoo.so/".
    if (i < lastFolder && (parts[i + 1] === "." || parts[i - 1] === ".")) continue;
    if (!LANGUAGE_TAG.test(part)) continue;
    const language = languageCode(part);
    if (language === undefined) continue;
    const key = [...parts.slice(0, i), "\u0000", ...parts.slice(i + 1)].join("");
    // A folder goes with the separator after it, a part of the name with the dot before it.
    const bare = parts[i - 1] === "." ? [...parts.slice(0, i - 1), ...parts.slice(i + 1)] : [...parts.slice(0, i), ...parts.slice(i + 2)];
    // A name part's translation is its folder's pages under that language: "docs/" and "fr" for "docs/index.fr.html".
    const translation = `${parts.slice(0, i > lastFolder ? lastFolder + 1 : i).join("")}\u0000${language}`;
    slots.push({ key, language, bare: bare.join(""), translation });
  }
  return slots;
}
