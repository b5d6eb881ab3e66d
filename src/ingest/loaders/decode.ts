import chardet from "chardet";
import iconv from "iconv-lite";
import type { RagError } from "../../errors.js";
import { loadError } from "./document.js";

/** The text of a file and the encoding it was read with. */
export interface DecodedText {
  text: string;
  /** The encoding used, lower-case as iconv-lite names it (`utf-8`, `utf-16le`, `windows-1252`, ...). */
  encoding: string;
}

export interface DecodeOptions {
  /** Where the bytes came from, for error messages. */
  source?: string;
  /**
   * An encoding declared by the content itself (an HTML `<meta charset>`), tried after UTF-8 and before
   * detection.
   */
  declaredEncoding?: string;
  /** Control characters that the format holds as markup, not counted as signs of a binary file (Info's 0x1F and DEL). */
  markup?: string;
}

/** How much of the start of a file the binary checks look at. */
const SNIFF_BYTES = 8192;

/**
 * Decodes file bytes to a string: a byte-order mark wins, then valid UTF-8, then UTF-16 without a BOM
 * (recognised by its NUL bytes), then a declared encoding, then `chardet`'s guess among legacy encodings.
 * The BOM is removed and line endings become `\n`.
 *
 * @throws {RagError} `LOAD_FAILED` when the bytes look binary (NUL bytes that UTF-16 does not explain,
 * many control characters) or cannot be decoded.
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoded = decodeBuffer(buffer, options);
  if (decoded === undefined || looksBinary(decoded.text, options.markup ?? "")) throw binaryError(options.source, decoded?.encoding);
  return { text: normalizeNewlines(decoded.text.replace(/^\uFEFF/, "")), encoding: decoded.encoding };
}

/** `\r\n` and lone `\r` become `\n`, so that offsets mean the same on every platform. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

function decodeBuffer(buffer: Buffer, options: DecodeOptions): DecodedText | undefined {
  const bom = bomEncoding(buffer);
  if (bom !== undefined) return { text: iconv.decode(buffer, bom), encoding: bom };

  const head = buffer.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) {
    const utf16 = guessUtf16(head);
    return utf16 === undefined ? undefined : { text: iconv.decode(buffer, utf16), encoding: utf16 };
  }

  const utf8 = strictUtf8(buffer);
  if (utf8 !== undefined) return { text: utf8, encoding: "utf-8" };

  const declared = options.declaredEncoding?.toLowerCase();
  if (declared !== undefined && declared !== "utf-8" && declared !== "utf8" && iconv.encodingExists(declared)) {
    return { text: iconv.decode(buffer, declared), encoding: declared };
  }

  const detected = legacyEncoding(chardet.detect(buffer));
  return { text: iconv.decode(buffer, detected), encoding: detected };
}

function bomEncoding(buffer: Buffer): string | undefined {
  const [a, b, c, d] = buffer;
  if (a === 0xef && b === 0xbb && c === 0xbf) return "utf-8";
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return "utf-32le";
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return "utf-32be";
  if (a === 0xff && b === 0xfe) return "utf-16le";
  if (a === 0xfe && b === 0xff) return "utf-16be";
  return undefined;
}

/**
 * Text in UTF-16 without a BOM has NUL high bytes for ASCII characters, all on one side. Binary data has NUL
 * bytes scattered on both sides.
 */
function guessUtf16(head: Buffer): string | undefined {
  const pairs = Math.floor(head.length / 2);
  if (pairs === 0) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenNul += 1;
    if (head[i + 1] === 0) oddNul += 1;
  }
  if (oddNul >= pairs * 0.3 && evenNul <= pairs * 0.02) return "utf-16le";
  if (evenNul >= pairs * 0.3 && oddNul <= pairs * 0.02) return "utf-16be";
  return undefined;
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

function strictUtf8(buffer: Buffer): string | undefined {
  try {
    return utf8Decoder.decode(buffer);
  } catch {
    return undefined;
  }
}

/**
 * Maps chardet's guess to an encoding iconv-lite can decode. The bytes are known not to be UTF-8 here, so an
 * "ASCII" or "UTF-8" guess (chardet's answer for short samples) means a Latin script. Like browsers, we read
 * ISO-8859-1 as its superset windows-1252.
 */
function legacyEncoding(guess: string | null): string {
  const name = guess?.toLowerCase();
  if (name === undefined || name === "ascii" || name === "utf-8" || name === "iso-8859-1") return "windows-1252";
  return iconv.encodingExists(name) ? name : "windows-1252";
}

/** Control characters other than tab, newline, form feed and carriage return are rare in text. */
function looksBinary(text: string, markup: string): boolean {
  const sample = text.slice(0, SNIFF_BYTES);
  if (sample.length === 0) return false;
  let suspicious = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const code = sample.charCodeAt(i);
    const control = ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f) && !markup.includes(sample[i]!);
    if (control || code === 0xfffd) suspicious += 1;
  }
  return suspicious > Math.max(1, sample.length * 0.01);
}

function binaryError(source: string | undefined, encoding: string | undefined): RagError {
  return loadError(
    source ?? "the content",
    "it is binary or undecodable: expected text (UTF-8, UTF-16 or a legacy 8-bit encoding)" +
      `${encoding === undefined ? "" : `, but decoding it as ${encoding} gave control characters`}. ` +
      "Leave the file out of the sources or convert it to text.",
    { details: { reason: "binary", encoding } },
  );
}
