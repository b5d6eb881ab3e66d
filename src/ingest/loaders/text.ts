import { decodeText } from "./decode.js";
import { ensureNotEmpty, type LoadContext, type LoadedDocument } from "./document.js";
import { parsePlainText } from "./text-structure.js";

/**
 * Loads a plain-text, reStructuredText or AsciiDoc file (`format`, from its extension): detects its encoding and
 * keeps the text as it is (with `\n` line endings); its headings (underlined titles, AsciiDoc's `== Section`
 * lines, reStructuredText object descriptions) make its title and sections (see {@link parsePlainText}).
 */
export function loadTextFile(file: LoadContext, format: "text" | "rst" | "asciidoc"): LoadedDocument[] {
  const { text, encoding } = decodeText(file.bytes, { source: file.source });
  ensureNotEmpty(file.source, text);
  // A `.txt` file may be either (Git's manual pages are AsciiDoc in `.txt` files): the text decides.
  const { title, sections } = parsePlainText(text, format === "text" ? {} : { asciidoc: format === "asciidoc" });
  return [
    {
      id: file.source,
      content: text,
      ...(title === undefined ? {} : { title }),
      metadata: { source: file.source, format, encoding },
      ...(sections.some((s) => s.headings.length > 0) ? { sections } : {}),
    },
  ];
}
