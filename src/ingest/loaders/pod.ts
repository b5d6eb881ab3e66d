import { decodeHTML } from "entities";
import type { DecodedText } from "./decode.js";
import { collapseWhitespace, HeadingTrail, type LoadContext, type LoadedDocument, MAX_HEADING_LENGTH, scalarText, sectionsFromHeadings } from "./document.js";
import { loadReadText, type TextReading } from "./text-reading.js";

/**
 * Perl's POD (`perlintro.pod`, the manuals Debian's perl-doc ships, OpenSSL's and many CPAN distributions' doc
 * sources), read as perldoc shows it, by perlpodspec's rules: paragraphs apart by blank lines; a command paragraph
 * opens with `=` (`=head1`–`=head6`, `=over`/`=item`/`=back`, `=begin`/`=end`, `=for`, `=pod`, `=cut`); a verbatim
 * paragraph opens with white space and is kept as written; an ordinary one has its formatting codes (`B<bold>`,
 * `C<< $a <=> $b >>`, `L<text|perlre/"Modifiers">`, `E<gt>`) read. No npm package parses POD; the format is small
 * and fully specified.
 */

/** A heading's level for `=headN`; a definition's tag (`=item print LIST`) goes below every `=head`, by its list's depth. */
const MAX_HEAD_LEVEL = 6;
/** A bullet's or a number's item, which is a list's mark, not a definition's tag. */
const MARK_ITEM = /^(?:\*|[0-9]+\.?)(?:\s+|$)/;
/** The formats whose `=begin` blocks and `=for` paragraphs are text to read; the rest (html, man, latex, comment) are not. */
const SHOWN_FORMATS = new Set(["text", ":text"]);
/** A URL as a link's target (`L<https://perl.org>`), shown as written. */
const URL = /^[a-z][a-z0-9+.-]*:[^\s:]\S*$/i;

/**
 * Reads POD: the document starts at its first command paragraph (what comes before, in a `.pod` file, is no part of
 * it) and runs to `=cut`, then again from the next command. `=head1`–`=head6` head sections; an `=item`'s tag that is
 * not a bullet or a number heads its entry below them (pod2html makes it a definition's term), the text after the
 * list going back to the heading above it; a bullet or a number reads "* " or "1. " before its text. `=begin`/`=end`
 * blocks and `=for` paragraphs of formats other than text are left out, and so are index entries (`X<>`). The title
 * is the NAME section's line ("perlintro - a brief introduction and overview of Perl"), else the first heading.
 */
export function readPod(text: string): TextReading {
  const trail = new HeadingTrail();
  const headings: { start: number; path: string[]; resumes?: boolean }[] = [];
  const blocks: string[] = [];
  let length = 0;
  /** Whether the last block is an entry's tag, with no text after it yet. */
  let tagLast = false;
  const add = (block: string, heading?: { level: number; text: string }) => {
    const start = length === 0 ? 0 : length + 2;
    if (heading !== undefined) headings.push({ start, path: trail.enter(heading.level, heading.text) });
    blocks.push(block);
    length = start + block.length;
    tagLast = false;
  };
  /** A tag right after another (`=item chomp VARIABLE`, `=item chomp`): one entry's forms, on lines of one block, headed by the last. */
  const addTag = (tag: string, level: number) => {
    if (!tagLast) {
      add(tag, { level, text: tag });
      tagLast = true;
      return;
    }
    blocks[blocks.length - 1] += `\n${tag}`;
    length += 1 + tag.length;
    headings[headings.length - 1]!.path = trail.enter(level, tag);
  };
  let inPod = false;
  let skipping: string | undefined;
  let pendingMark = "";
  const lists: { outer: ReturnType<HeadingTrail["save"]>; tagged: boolean }[] = [];
  let nameHead = false;
  let title: string | undefined;
  let firstHeading: string | undefined;
  // Blank lines before the first paragraph are no part of it (perldoc.pod opens with one).
  for (const paragraph of text.replace(/^(?:[ \t]*\n)+/, "").split(/\n(?:[ \t]*\n)+/)) {
    if (paragraph.trim() === "") continue;
    const command = /^=([a-zA-Z][\w-]*)[ \t]*([\s\S]*)$/.exec(paragraph.trimEnd());
    if (!inPod && command === null) continue;
    inPod = true;
    if (command !== null) {
      const [, name, rest] = command as unknown as [string, string, string];
      if (skipping !== undefined) {
        if (name === "end" && rest.trim().split(/\s+/)[0] === skipping) skipping = undefined;
        continue;
      }
      if (name === "cut") inPod = false;
      else if (/^head[1-6]$/.test(name)) {
        const heading = collapseWhitespace(renderCodes(rest)).slice(0, MAX_HEADING_LENGTH);
        if (heading === "") continue;
        firstHeading ??= heading;
        nameHead = /^NAME$/i.test(heading);
        add(heading, { level: Number(name.slice(4)), text: heading });
      } else if (name === "over") {
        lists.push({ outer: trail.save(), tagged: false });
        tagLast = false;
      } else if (name === "back") {
        tagLast = false;
        const list = lists.pop();
        if (list?.tagged === true) {
          trail.restore(list.outer);
          headings.push({ start: length + 2, path: trail.path, resumes: true });
        }
      } else if (name === "item") {
        const tag = rest.trim();
        const mark = MARK_ITEM.exec(tag);
        if (mark !== null) {
          const shown = mark[0].startsWith("*") ? "* " : `${mark[0].trim().replace(/\.?$/, ".")} `;
          const after = renderCodes(tag.slice(mark[0].length));
          if (after.trim() === "") pendingMark = shown;
          else add(shown + after);
        } else if (tag !== "") {
          const shown = collapseWhitespace(renderCodes(tag)).slice(0, MAX_HEADING_LENGTH);
          const list = lists[lists.length - 1];
          if (list !== undefined) list.tagged = true;
          if (shown !== "") addTag(shown, MAX_HEAD_LEVEL + Math.max(1, lists.length));
        }
      } else if (name === "begin") {
        // `=begin html parameters` ends at `=end html`.
        const format = rest.trim().split(/\s+/)[0] ?? "";
        if (!SHOWN_FORMATS.has(format.toLowerCase())) skipping = format;
      } else if (name === "for") {
        const [format = "", ...words] = rest.trim().split(/(\s+)/);
        if (SHOWN_FORMATS.has(format.toLowerCase())) add(renderCodes(words.join("").trim()));
      }
      continue;
    }
    if (skipping !== undefined) continue;
    const verbatim = /^[ \t]/.test(paragraph);
    const shown = verbatim ? paragraph.replace(/\s+$/, "") : pendingMark + renderCodes(paragraph.trim());
    pendingMark = "";
    if (nameHead && !verbatim) {
      title ??= collapseWhitespace(shown).slice(0, MAX_HEADING_LENGTH);
      nameHead = false;
    }
    add(shown);
  }
  const content = blocks.join("\n\n");
  title ??= firstHeading;
  return { content, ...(title === undefined || title === "" ? {} : { title }), sections: sectionsFromHeadings(content, headings) };
}

/**
 * An ordinary paragraph's formatting codes read: `B<>`, `I<>`, `C<>`, `F<>`, `S<>` their text, `L<>` its text or
 * what it names (`"Modifiers" in perlre`, as perldoc shows a link without text), `E<>` its character, `X<>` and `Z<>`
 * nothing. A code opens with a capital and one `<` (which closes at the next `>` not of a code inside it), or with
 * several and white space (`C<< $a->b >>`, which closes at white space and as many `>`).
 */
export function renderCodes(text: string): string {
  return parseCodes(text, 0, undefined).text;
}

/** Reads `text` from `at` up to the end of the code whose closing is `close` (or the text's end), and where it stopped. */
function parseCodes(text: string, at: number, close: RegExp | undefined): { text: string; end: number } {
  let out = "";
  let i = at;
  while (i < text.length) {
    if (close !== undefined) {
      close.lastIndex = i;
      const closing = close.exec(text);
      if (closing !== null && closing.index === i) return { text: out, end: i + closing[0].length };
    }
    const open = /^([A-Z])(<+)/.exec(text.slice(i, i + 40));
    if (open !== null) {
      const [whole, code, angles] = open as unknown as [string, string, string];
      // Several "<" then white space open a code that several ">" close; else the code is the first "<"'s, and the
      // others are its text (`S<<-- HERE>`, `C<<<EOF>`).
      const many = angles.length > 1 && /\s/.test(text[i + whole.length] ?? "");
      const opened = many ? whole.length : 2;
      const inner = parseCodes(text, i + opened, many ? new RegExp(String.raw`\s+>{${angles.length}}(?!>)`, "y") : />/y);
      out += showCode(code, many ? inner.text.replace(/^\s+/, "") : inner.text);
      i = inner.end;
      continue;
    }
    out += text[i];
    i++;
  }
  return { text: out, end: i };
}

/** What a formatting code shows of its (read) text. */
function showCode(code: string, inner: string): string {
  switch (code) {
    case "X":
    case "Z":
      return "";
    case "E":
      return escapeText(inner.trim());
    case "L":
      return linkText(inner);
    default:
      return inner;
  }
}

/** An `E<>` escape's character: `lt`, `gt`, `verbar`, `sol`, a number (`E<0x201E>`, `E<075>`, `E<181>`) or an HTML entity's name. */
function escapeText(name: string): string {
  const named: Record<string, string> = { lt: "<", gt: ">", verbar: "|", sol: "/" };
  if (named[name] !== undefined) return named[name];
  const code = /^0x[0-9a-f]+$/i.test(name)
    ? Number.parseInt(name, 16)
    : /^0[0-7]+$/.test(name)
      ? Number.parseInt(name, 8)
      : /^\d+$/.test(name)
        ? Number(name)
        : undefined;
  if (code !== undefined) return code > 0 ? scalarText(code) : "";
  if (!/^\w+$/.test(name)) return "";
  const decoded = decodeHTML(`&${name};`);
  return decoded === `&${name};` ? "" : decoded;
}

/** A link's text as perldoc shows it: the text given, else a URL, else `"section" in page`, `"section"` or the page. */
function linkText(inner: string): string {
  const bar = inner.indexOf("|");
  if (bar >= 0) return inner.slice(0, bar);
  const target = inner.trim();
  if (URL.test(target)) return target;
  const slash = target.search(/\/(?=[^/]*$)|\/"/);
  const page = slash < 0 ? target : target.slice(0, slash);
  const section = slash < 0 ? "" : target.slice(slash + 1).replace(/^"|"$/g, "");
  if (section === "") return page;
  return page === "" ? `"${section}"` : `"${section}" in ${page}`;
}

/**
 * Loads a POD file (`perlintro.pod`), read as {@link readPod} reads it. Its title is the NAME section's line, else its
 * first heading.
 */
export function loadPodFile(file: LoadContext, decoded?: DecodedText): LoadedDocument[] {
  return loadReadText(
    file,
    { format: "pod", name: "POD", read: readPod, advice: "A POD document starts at a command paragraph (=head1, =pod); add one or leave the file out." },
    decoded,
  );
}
