import { type DecodedText, decodeText } from "./decode.js";
import { ensureNotEmpty, fileDocument, type LoadContext, type LoadedDocument, type Section } from "./document.js";

/** What a reader of a markup makes of a file's text: the text as it is shown, its title and its sections. */
export interface TextReading {
  content: string;
  title?: string;
  sections: Section[];
}

/** A markup read by {@link loadReadText}: its format (`metadata.format`), its name in messages, its reader, and the advice for a file it finds no text in. */
export interface TextMarkup {
  format: string;
  name: string;
  read: (text: string) => TextReading;
  advice: string;
}

/**
 * Loads a file of one document in a markup that a reader turns into shown text (POD, Org mode): its bytes decoded
 * (or `decoded`, where a caller has them), read by `read`, and kept with its sections when any has a heading.
 *
 * @throws {RagError} `LOAD_FAILED` "empty" when the file, or the text the reader shows of it, is empty; the markup's
 * `advice` ends the second message.
 */
export function loadReadText(file: LoadContext, markup: TextMarkup, decoded?: DecodedText): LoadedDocument[] {
  const { format, name, read, advice } = markup;
  const { text, encoding } = decoded ?? decodeText(file.bytes, { source: file.source });
  ensureNotEmpty(file.source, text);
  const reading = read(text);
  ensureNotEmpty(file.source, reading.content, `the ${name} document's text`, advice);
  const sections = reading.sections.some((s) => s.headings.length > 0) ? reading.sections : undefined;
  return [fileDocument(file, { content: reading.content, format, title: reading.title, encoding, sections })];
}
