import { stat } from "node:fs/promises";
import { languageCode, textLanguage } from "../search/language.js";
import { nextTask } from "../search/next-task.js";
import { memoized } from "./memoized.js";
import type { ResolvedLimits } from "./limits.js";
import { PAGE_FORMATS, PairIndex, readText } from "./word-pairs.js";
import { formatExtension } from "./loaders/extension.js";

/**
 * Share of an untranslated page's or passage's word pairs that its original must hold, as for a source and its page.
 * A page or passage that holds a sentence in its own place's language is kept whatever its share.
 */
const MIN_SHARED = 0.7;
/** Where a passage's sentences part: after a full stop, a question or exclamation mark (Latin or CJK), or a line's end. */
const SENTENCE_END = /(?<=[.!?\u3002\uff01\uff1f])\s+|(?<=[\u3002\uff01\uff1f])|\n+/;
/** Passages compared between two turns of the event loop, so that an abort is heard while a long page is compared. */
const PASSAGES_PER_TURN = 32;
/** Pages of a language's place read, at most, to find one written in that language. */
const MAX_PAGES_TOLD = 20;
/**
 * Pages a language's folder or name part must hold that mirror a page without it, for such a page to be taken for
 * the original: `fr/` beside a site's own pages is a translation of many, while `locale/id/id.html` beside
 * `locale/id.html` (cppreference's `std::locale::id`) and Free Pascal's `tcollectionitem.id.html` are one member's page.
 */
const MIN_BARE_PAGES = 3;
/**
 * Share of the word pairs required where a page's place names a language the language step cannot tell (Catalan,
 * Galician): a sentence of it beside copied ones cannot be told, so a passage must be nearly all copy.
 */
const MIN_SHARED_UNTOLD = 0.9;
/** The ISO 639-1 codes: a folder so named is a language's place even when its language cannot be told from text. */
const ISO_639_1_CODES = new Set(
  [
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj",
    "fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la",
    "lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa",
    "sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu",
  ]
    .join(" ")
    .split(" "),
);
/**
 * A part of a path that may name a language: "fr", "pt-br", "zh_CN", "en-US", "zh-Hant", "es-419", "ast"; a language
 * and at most a region or script, not "to_datetime" (pandas' `pandas.to_datetime.html`).
 */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_](?:[a-z]{2}|[a-z]{4}|\d{3}))?$/i;

/**
 * Where a path names a language: the path with that part blanked, the language, the path without the part, and the
 * path up to the part with the language (what the pages of one translation share).
 */
interface LanguageSlot {
  key: string;
  language: string;
  /** Whether the language step tells text in `language` (Catalan it does not). */
  told: boolean;
  bare: string;
  translation: string;
}

/**
 * The pages and passages of a site's translations that are not translated. A page in a language's folder
 * (`fr-FR/apt.html`, Apache's `da/mod/core.html`) or under a language's name (`index.fr.html`) mirrors the pages of
 * the same path in another language's place (`en-US/apt.html`, `index.en.html`) or without one (`index.html`, when
 * the language's place mirrors several pages so, one of them written in its language). A passage repeats such a page
 * when it is written in that page's language, not its own place's, at least 70% of the distinct pairs of adjacent
 * words of its text stand in that page, and no sentence of it is in its own place's language; a page does when none
 * of its passages is in its own place's language and one page holds them all. Debian's handbook ships a third of its
 * translated pages so, in English, and many more in part; ingested, each English passage is found twice or more, and
 * a translation's copy ranks beside or above the page it copies.
 */
export class TranslationMirrors {
  /** The run's pages under each language slot's key. */
  private readonly tagged = new Map<string, Array<{ path: string; language: string }>>();
  private readonly pages: ReadonlySet<string>;
  /** Each translation's pages that mirror a page without its language part. */
  private readonly bareMirrored = new Map<string, string[]>();
  /** Whether each such translation holds a page written in its language, once told. */
  private readonly written = new Map<string, Promise<boolean>>();
  /** Each mirrored page's size and time of change, once a run: what a page's file hash holds of its mirrors. */
  private readonly stamp = memoized((path) =>
    stat(path).then(
      (info) => `${path}\u0000${info.size}\u0000${Math.trunc(info.mtimeMs)}`,
      () => `${path}\u0000?`,
    ),
  );

  constructor(pages: readonly string[]) {
    this.pages = new Set(pages);
    for (const path of pages) {
      for (const { key, language, bare, translation } of languageSlots(path)) {
        const list = this.tagged.get(key);
        if (list) list.push({ path, language });
        else this.tagged.set(key, [{ path, language }]);
        if (!this.pages.has(bare)) continue;
        const mirrored = this.bareMirrored.get(translation);
        if (mirrored) mirrored.push(path);
        else this.bareMirrored.set(translation, [path]);
      }
    }
  }

  /** Whether the page without `slot`'s language part is in the run, and `slot` names a translation of several pages. */
  private bareMirror(slot: LanguageSlot): boolean {
    return this.pages.has(slot.bare) && (this.bareMirrored.get(slot.translation)?.length ?? 0) >= MIN_BARE_PAGES;
  }

  /**
   * Whether the translation `slot` names holds a page written in its language: a language's folder is one, and a
   * folder named like a language is not (Javadoc's package `it`, whose pages mirror those of the package above).
   */
  private writtenIn(slot: LanguageSlot, limits: ResolvedLimits): Promise<boolean> {
    let known = this.written.get(slot.translation);
    if (known === undefined) {
      const pages = (this.bareMirrored.get(slot.translation) ?? []).slice(0, MAX_PAGES_TOLD);
      known = (async () => {
        for (const page of pages) {
          const text = await readMirror(page, limits);
          if (text !== undefined && textLanguage(text) === slot.language) return true;
        }
        return false;
      })();
      this.written.set(slot.translation, known);
    }
    return known;
  }

  /**
   * Whether `file` mirrors a page without its language part: whether it is a translation then depends on the other
   * pages of its place (one written in its language), which its file hash does not hold.
   */
  mirrorsBare(file: string): boolean {
    return languageSlots(file).some((slot) => this.bareMirror(slot));
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

  /** The paths, sizes and times of change of `file`'s mirrors, one line each; "" for a page with none. */
  async mirrorStamps(file: string): Promise<string> {
    const lines = await Promise.all(this.mirrorsOf(file).map(this.stamp));
    return lines.map((line) => `\n${line}`).join("");
  }

  /**
   * The page that `file`'s page repeats untranslated, if it is one: none of its `passages` is written in its own
   * place's language, those in another language are held by a mirrored page of that language, and so are the
   * others (code, names, tables), by the same page.
   */
  async original(file: string, passages: readonly string[], limits: ResolvedLimits): Promise<string | undefined> {
    const slots = languageSlots(file);
    if (slots.length === 0) return undefined;
    const index = this.indexer(limits);
    const untold: string[] = [];
    let original: string | undefined;
    for (const [i, passage] of passages.entries()) {
      if (i > 0 && i % PASSAGES_PER_TURN === 0) await nextTask();
      const told = textLanguage(passage);
      if (told === undefined) {
        untold.push(passage);
        continue;
      }
      if (slots.some((slot) => slot.language === told)) return undefined;
      const held = await this.repeated(slots, passage, told, index, limits);
      if (held === undefined || (original !== undefined && held !== original)) return undefined;
      original = held;
    }
    if (original === undefined) return undefined;
    const held = await index(original);
    const own = new Set(slots.map((slot) => slot.language));
    const share = slots.every((slot) => slot.told) ? MIN_SHARED : MIN_SHARED_UNTOLD;
    return untold.every((passage) => held?.holds(passage, share) === true && !hasSentenceIn(passage, own)) ? original : undefined;
  }

  /**
   * The passages of `file`'s document that repeat, untranslated, the pages it mirrors (a page translated in part
   * keeps its original's sections as they were): each passage whose words tell another language than the page's
   * folder or name, 70% of whose word pairs stand in the mirrored page of that language, and none of whose sentences
   * is in the page's own language. Their numbers in
   * `passages`, and the first page they repeat; `undefined` when none does.
   */
  async repeatedPassages(file: string, passages: readonly string[], limits: ResolvedLimits): Promise<RepeatedPassages | undefined> {
    const slots = languageSlots(file);
    if (slots.length === 0) return undefined;
    const index = this.indexer(limits);
    let found: RepeatedPassages | undefined;
    for (const [i, passage] of passages.entries()) {
      if (i > 0 && i % PASSAGES_PER_TURN === 0) await nextTask();
      const told = textLanguage(passage);
      const original = told === undefined ? undefined : await this.repeated(slots, passage, told, index, limits);
      if (original === undefined) continue;
      found ??= { indices: new Set(), original };
      found.indices.add(i);
    }
    return found;
  }

  /** Reads and indexes each mirrored page once, for all the texts compared with it. */
  private indexer(limits: ResolvedLimits): (path: string) => Promise<PairIndex | undefined> {
    return memoized((path) => readMirror(path, limits).then((text) => (text === undefined ? undefined : new PairIndex(text))));
  }

  /** The page mirroring one of `slots` in the language `told` (or the page without the slot) that holds `text`. */
  private async repeated(
    slots: readonly LanguageSlot[],
    text: string,
    told: string,
    index: (path: string) => Promise<PairIndex | undefined>,
    limits: ResolvedLimits,
  ): Promise<string | undefined> {
    for (const slot of slots) {
      if (slot.language === told) continue;
      const mirrors = (this.tagged.get(slot.key) ?? []).filter((page) => page.language === told).map((page) => page.path);
      if (this.bareMirror(slot) && (await this.writtenIn(slot, limits))) mirrors.push(slot.bare);
      for (const mirror of mirrors) {
        if ((await index(mirror))?.holds(text, slot.told ? MIN_SHARED : MIN_SHARED_UNTOLD)) {
          return hasSentenceIn(text, new Set(slots.map((s) => s.language))) ? undefined : mirror;
        }
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

/** Whether a text holds a sentence written in one of `languages`: a translated sentence beside copied ones. */
function hasSentenceIn(text: string, languages: ReadonlySet<string>): boolean {
  return text.split(SENTENCE_END).some((sentence) => {
    const told = textLanguage(sentence);
    return told !== undefined && languages.has(told);
  });
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
    const told = languageCode(part);
    const language = told ?? part.slice(0, 2).toLowerCase();
    // A code the language step does not tell ("ca", "ca-ES") names a language too, by the ISO 639-1 list.
    if (told === undefined && !(/^[a-z]{2}(?:[-_]|$)/i.test(part) && ISO_639_1_CODES.has(language))) continue;
    const key = [...parts.slice(0, i), "\u0000", ...parts.slice(i + 1)].join("");
    // A folder goes with the separator after it, a part of the name with the dot before it.
    const bare = parts[i - 1] === "." ? [...parts.slice(0, i - 1), ...parts.slice(i + 1)] : [...parts.slice(0, i), ...parts.slice(i + 2)];
    // A name part's translation is its folder's pages under that language: "docs/" and "fr" for "docs/index.fr.html".
    const translation = `${parts.slice(0, i > lastFolder ? lastFolder + 1 : i).join("")}\u0000${language}`;
    slots.push({ key, language, told: told !== undefined, bare: bare.join(""), translation });
  }
  return slots;
}
