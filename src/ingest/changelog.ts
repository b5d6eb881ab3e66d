import { basename } from "node:path";
import type { LoadedDocument } from "./loaders/document.js";

/**
 * The names only release histories are shipped under, in any case and with any extensions: `CHANGELOG.md`,
 * `ChangeLog`, `RELEASE-NOTES`, `RelNotes`, Debian's `changelog.Debian.gz`. `CHANGES`, `NEWS` and `HISTORY` name other
 * pages too (the kernel's `changes.html` lists the tools a build needs, SWI-Prolog's `history.html` is the shell's
 * command history, Scala's `History.html` a class): such files are told by their headings, as any other.
 */
const HISTORY_NAME = /^(?:change[-_ ]?log|release[-_ ]?notes|relnotes)(?:\.[\w-]+)*$/i;

/** A Debian changelog entry's first line: `git (1:2.39.5-0+deb12u1) bookworm-security; urgency=medium`. */
const DEBIAN_ENTRY = /^[a-z0-9][a-z0-9+.-]+ \([^()\s]+\) [^;\n]+; *urgency=\w+/gm;
/** The same line opening a text. */
const DEBIAN_FIRST = /^\s*[a-z0-9][a-z0-9+.-]+ \([^()\s]+\) [^;\n]+; *urgency=\w+/;

/**
 * A version: `2.39.5`, `v2.39.5`, `3.11.0rc2`, `1:2.39.5-0+deb12u1`. Its tail is a letter's word right after the
 * numbers, then words each after a separator: one way to read any tail, so that a long one cannot take exponential
 * time (a git hash after "+g" took 9 s at 28 characters when the separator was optional).
 */
const VERSION_SOURCE = String.raw`(?:\d+:)?v?\d+(?:\.\d+)+(?:[a-z][a-z0-9]*)?(?:[-+~.][a-z0-9]+)*(?![\w.])`;
const VERSION = new RegExp(String.raw`(?<![\w.])${VERSION_SOURCE}`, "gi");
/** A version after "since", "until" or "as of". */
const SINCE_VERSION = new RegExp(String.raw`\b(?:since|until|as of)\W+${VERSION_SOURCE}`, "gi");
/** A date in a version's heading: `2024-01-05`, `(Jan 5, 2024)`, `5 January 2024`. */
const DATE =
  /\b\d{4}-\d{2}-\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b/gi;
/**
 * Words before a number that make it a part's number, not a version ("Lesson 1.1", "Table 3.1"), or a protocol's
 * or a standard's version that a guide's sections may each be about ("TLS 1.2", "Unicode 15.0").
 */
const NOT_VERSION =
  /\b(?:chapter|section|part|lesson|exercise|example|table|figure|fig|step|appendix|unit|module|lecture|page|listing|task|problem|question|rule|article|clause|item|level|phase|stage|case|tls|ssl|http|https|ipv4|ipv6|unicode|api|utf)\W+v?\d+\.\d/i;
/** Words a version's heading says about the version itself. */
const VERSION_WORDS =
  /\b(?:version|release[sd]?|changes|changelog|since|final|alpha|beta|candidate|rc|stable|unreleased|lts|notes|new|in|what's|of|and|the|to|from)\b/gi;

/** The share of a release history's text that sections under a version's heading hold at least. */
const MIN_VERSION_SHARE = 0.6;
/** Distinct version headings a release history has at least. */
const MIN_VERSIONS = 3;

/**
 * Whether a heading names a version and little else: "Version v2.39.5; changes since v2.39.4:", "Python 3.11.2
 * final", "[1.4.0] - 2024-01-05", "v2.0 (Jan 5, 2024)". A numbered section of a manual ("2.1 Installation", "1.2 What
 * is cURL?") does not: its number opens the heading and words follow it, but for a name and its version ("1.1 Erts
 * 13.1.5").
 */
export function namesVersion(heading: string): boolean {
  return versionHeading(heading, true);
}

/** {@link namesVersion}, looking past a section number opening the heading if `numbered` allows it (once). */
function versionHeading(heading: string, numbered: boolean): boolean {
  // "since: 2.0.2" under an API entry says when the entry came, not which version a section is about.
  const versions = heading.replace(SINCE_VERSION, " ").match(VERSION);
  if (versions === null || NOT_VERSION.test(heading)) return false;
  // An address ("127.0.0.1") is four numbers.
  if (versions.every((version) => /^\d+(?:\.\d+){3}$/.test(version))) return false;
  const trimmed = heading.trim().replace(/^[[(#*\s]+/, "");
  const leading = trimmed.match(VERSION)?.[0];
  const rest = heading.replace(VERSION, " ").replace(DATE, " ").replace(VERSION_WORDS, " ");
  const words = rest.match(/\p{L}[\p{L}\p{N}_'-]*/gu) ?? [];
  // A version opening the heading is a section number unless nothing but a date or release words follow it, or a
  // name and a version of its own do (erl_docgen numbers each release's section: "1.1 Erts 13.1.5").
  if (leading !== undefined && trimmed.startsWith(leading))
    return words.length === 0 || (numbered && words.length === 1 && versionHeading(trimmed.slice(leading.length), false));
  // Otherwise a project's name may stand beside it ("Python 3.11.2 final", "Django 4.2").
  return words.length <= 2;
}

/**
 * Whether a loaded document is a release history: a changelog, a NEWS file, release notes of many versions. It is,
 * when its file (`metadata.source`) has a name only such files have, when it is a Debian changelog, or when at
 * least three of its headings name versions and the sections under them hold 60% of its text or more (a README
 * whose last section is its changelog is not one; a title over every section does not count). Such a document
 * records what changed, version by version, in a few words per change that name everything the documentation
 * explains; search puts its hits after the documentation's, unless the question asks about versions or changes
 * (`asksAboutChanges`).
 */
export function isReleaseHistory(doc: LoadedDocument): boolean {
  const source = doc.metadata.source;
  if (typeof source === "string" && HISTORY_NAME.test(basename(source))) return true;
  if ((doc.content.slice(0, 20_000).match(DEBIAN_ENTRY)?.length ?? 0) >= 2 && DEBIAN_FIRST.test(doc.content)) return true;
  const sections = doc.sections ?? [];
  // One heading over all the others is the page's title ("Foo 2.1 documentation"), not a version's section.
  const skip = new Set(sections.map((section) => section.headings[0])).size === 1 && sections.some((s) => s.headings.length > 1) ? 1 : 0;
  const versions = new Set<string>();
  const others = new Set<string>();
  let covered = 0;
  for (const section of sections) {
    let underVersion = false;
    for (const heading of section.headings.slice(skip)) {
      if (!versions.has(heading) && !others.has(heading)) (namesVersion(heading) ? versions : others).add(heading);
      if (versions.has(heading)) underVersion = true;
    }
    if (underVersion) covered += section.end - section.start;
  }
  return versions.size >= MIN_VERSIONS && covered >= MIN_VERSION_SHARE * doc.content.length;
}

/**
 * The document with `changelog: true` in its metadata when it is a release history (`isReleaseHistory`); a document
 * whose metadata has a `changelog` already is left as it is.
 */
export function withReleaseHistory(doc: LoadedDocument): LoadedDocument {
  if (doc.metadata.changelog !== undefined || !isReleaseHistory(doc)) return doc;
  return { ...doc, metadata: { ...doc.metadata, changelog: true } };
}
