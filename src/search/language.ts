import * as stopwords from "stopword";

/**
 * The language a text is written in, told by its function words ("the", "of", "how"; "le", "de", "comment"), as
 * an ISO 639-1 code ("en", "fr", "ja"), or `undefined` when the text does not say clearly: too few such words (a
 * name, a line of code, a question of keywords), or two languages close (Spanish and Portuguese share many).
 * Japanese, Chinese and Korean are told by their scripts.
 *
 * Each different word counts for each language whose list of function words holds it, shared among them ("de" is
 * French, Spanish, Dutch and more), so words of one language weigh most. The lists are the `stopword` package's.
 *
 * @example
 * textLanguage("How do I turn on write-ahead logging?"); // "en"
 * textLanguage("Comment activer la journalisation ?"); // "fr"
 * textLanguage("PRAGMA journal_mode"); // undefined
 */
export function textLanguage(text: string, sampleChars = SAMPLE_CHARS): string | undefined {
  const profile = profileOf(text, sampleChars);
  if (profile.script !== undefined) return ISO_639_1[profile.script];
  let best: string | undefined;
  let first = 0;
  let second = 0;
  for (const [language, { weight }] of profile.languages) {
    if (weight > first) {
      second = first;
      first = weight;
      best = language;
    } else if (weight > second) second = weight;
  }
  return best !== undefined && first >= MIN_LEAD * second && isProse(profile, best) ? ISO_639_1[best] : undefined;
}

/**
 * Whether a text is written in another language than `language`: in another script's language, or prose in some
 * other language (a language whose function words it is made of) with few of `language`'s. A passage of code, a
 * table of names, or a text close to two languages, one of them `language`, is not.
 */
export function inOtherLanguage(text: string, language: string): boolean {
  const profile = profileOf(text, SAMPLE_CHARS);
  const list = ISO_639_3[language];
  if (profile.script !== undefined) return profile.script !== list;
  const own = list === undefined ? undefined : profile.languages.get(list);
  if (own !== undefined && own.hits >= (MIN_SHARE / 2) * profile.words) return false;
  for (const other of profile.languages.keys()) if (other !== list && isProse(profile, other)) return true;
  return false;
}

/** A text's words counted against each language's function words. */
interface Profile {
  /** The language its script tells, if any (ISO 639-3, as the lists are named). */
  script: string | undefined;
  /** Its words, a letter alone left out. */
  words: number;
  /**
   * For each language with function words in it: their occurrences (`hits`), how many different ones (`distinct`),
   * and `weight`, each different one counting once, shared among the languages whose lists hold it.
   */
  languages: Map<string, { hits: number; distinct: number; weight: number }>;
}

function profileOf(text: string, sampleChars: number): Profile {
  const sample = text.length > sampleChars ? text.slice(0, sampleChars) : text;
  const languages: Profile["languages"] = new Map();
  const script = scriptLanguage(sample);
  const words = wordsOf(sample);
  if (script !== undefined) return { script, words: words.length, languages };
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const [word, count] of counts) {
    const holders = WORD_LANGUAGES.get(word);
    if (holders === undefined) continue;
    for (const language of holders) {
      const entry = languages.get(language) ?? { hits: 0, distinct: 0, weight: 0 };
      entry.hits += count;
      entry.distinct += 1;
      entry.weight += 1 / holders.length;
      languages.set(language, entry);
    }
  }
  return { script, words: words.length, languages };
}

/**
 * Whether a text reads as prose in `language`: several different function words of it (a line of code repeats
 * "int"), making up a fifth of its words or more (prose is a third to a half function words; code, tables and
 * lists of names are not prose in any language).
 */
function isProse(profile: Profile, language: string): boolean {
  const entry = profile.languages.get(language);
  return entry !== undefined && entry.distinct >= MIN_DISTINCT && entry.hits >= MIN_SHARE * profile.words;
}

/** Characters of a text looked at: a passage's worth. */
const SAMPLE_CHARS = 2000;
/** How far ahead of the next language the leading one's weight of function words must be. */
const MIN_LEAD = 1.3;
/** Different function words of its language a text must hold: a line of code repeats "int" or "bio". */
const MIN_DISTINCT = 3;
/** The share of a text's words that must be function words of its language for it to read as prose in it. */
const MIN_SHARE = 0.2;

/** The words of a text, lower-cased; a letter alone ("a", "i", "n" of `unsigned long n, i`) says too little. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((word) => word.length > 1);
}

/** Languages told by their script (their lists are of words that are not written apart). */
const SCRIPT_LANGUAGES = new Set(["jpn", "zho", "kor", "tha", "mya"]);

/**
 * The `stopword` package's list names (ISO 639-3) as ISO 639-1 codes, and back. Its other lists are left out: digits,
 * regional variants of a language listed already, languages seldom written about software whose lists hold words of
 * code ("int" is a Breton function word, "bar" an Esperanto one), and Catalan and Galician, whose lists hold most of
 * Spanish's short one (57 words against Catalan's 218), so that Spanish was told as Catalan.
 */
const ISO_639_1: Readonly<Record<string, string>> = {
  afr: "af",
  ara: "ar",
  ben: "bn",
  bul: "bg",
  ces: "cs",
  dan: "da",
  deu: "de",
  ell: "el",
  eng: "en",
  est: "et",
  eus: "eu",
  fas: "fa",
  fin: "fi",
  fra: "fr",
  guj: "gu",
  heb: "he",
  hin: "hi",
  hrv: "hr",
  hun: "hu",
  hye: "hy",
  ind: "id",
  ita: "it",
  jpn: "ja",
  kor: "ko",
  lav: "lv",
  lit: "lt",
  mar: "mr",
  msa: "ms",
  mya: "my",
  nld: "nl",
  nob: "nb",
  pol: "pl",
  por: "pt",
  ron: "ro",
  rus: "ru",
  slk: "sk",
  slv: "sl",
  spa: "es",
  swa: "sw",
  swe: "sv",
  tgl: "tl",
  tha: "th",
  tur: "tr",
  ukr: "uk",
  urd: "ur",
  vie: "vi",
  zho: "zh",
};
const ISO_639_3: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ISO_639_1).map(([three, one]) => [one, three]));

/** Each function word, with the languages whose lists hold it. */
const WORD_LANGUAGES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [language, list] of Object.entries(stopwords)) {
    if (!Array.isArray(list) || !Object.hasOwn(ISO_639_1, language) || SCRIPT_LANGUAGES.has(language)) continue;
    for (const word of new Set(list.map((w: string) => w.toLowerCase()))) {
      const languages = map.get(word);
      if (languages) languages.push(language);
      else map.set(word, [language]);
    }
  }
  return map;
})();

/**
 * Japanese (kana), Korean (Hangul) or Chinese (Han without kana) when at least 20 of the text's letters, and a fifth
 * of them, are of that script, or, in a short text (a question), at least 4 and half of them; a passage of English
 * with a few names in Han is still told by its words.
 */
function scriptLanguage(text: string): string | undefined {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 4) return undefined;
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(/\p{Script=Han}/gu);
  const hangul = count(/\p{Script=Hangul}/gu);
  const enough = (n: number) => (n >= 20 && n * 5 >= letters) || (n >= 4 && n * 2 >= letters);
  if (enough(kana + han) && kana * 10 >= kana + han) return "jpn";
  if (enough(hangul)) return "kor";
  if (enough(han)) return "zho";
  return undefined;
}

/**
 * A `language` value as an ISO 639-1 code of a language told here: "en", "en-US", "pt_BR" and "eng" give "en", "en",
 * "pt" and "en"; anything else (front matter's `language: python` or `language: js`) is no language.
 */
export function languageCode(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const primary = value.trim().toLowerCase().split(/[-_]/)[0]!;
  if (Object.hasOwn(ISO_639_3, primary)) return primary;
  return Object.hasOwn(ISO_639_1, primary) ? ISO_639_1[primary] : undefined;
}
