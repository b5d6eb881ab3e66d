import { fenceLine } from "../chunking/markdown-lines.js";
import { decodeText } from "./decode.js";
import { jsonDepth } from "./depth.js";
import { fileDocument, ensureDepth, ensureNotEmpty, loadError, type LoadContext, type LoadedDocument } from "./document.js";
import { parseMarkdown } from "./markdown.js";

/**
 * The most of one code cell's output kept, in characters: a printed table or a long log is rarely what a question
 * is about, and would crowd the cell's code and prose out of its chunks.
 */
const MAX_OUTPUT_CHARS = 1000;

/**
 * Loads a Jupyter notebook (`.ipynb`, nbformat 4) as the Markdown it reads as: its Markdown cells as they are
 * (each closing a fence it leaves open), its raw cells fenced, each code cell as a fenced block in the notebook's
 * language followed by its plain-text output (streams, results, errors; at most {@link MAX_OUTPUT_CHARS}
 * characters). Images, HTML outputs and widget state are left out. The Markdown gives the headings and the title (a title in the notebook's metadata comes first); the
 * content is that Markdown, so a chunk's offsets point into it.
 *
 * @throws {RagError} `LOAD_FAILED` for a file that is not JSON, has no `cells` array (nbformat 3's `worksheets`
 * included) or no text in its cells; `LIMIT_EXCEEDED` past `limits.maxDepth`.
 */
export function loadNotebookFile(file: LoadContext): LoadedDocument[] {
  const { text, encoding } = decodeText(file.bytes, { source: file.source });
  ensureDepth(file, text, jsonDepth, "JSON values");
  let notebook: unknown;
  try {
    notebook = JSON.parse(text);
  } catch (cause) {
    throw loadError(file.source, `the file is not valid JSON (${(cause as Error).message}). Save the notebook again from Jupyter.`, {
      cause,
      details: { reason: "syntax" },
    });
  }
  const cells = isRecord(notebook) ? notebook.cells : undefined;
  if (!isRecord(notebook) || !Array.isArray(cells)) {
    const old = isRecord(notebook) && Array.isArray(notebook.worksheets);
    const hint = old ? " It is nbformat 3: convert it with `jupyter nbconvert --to notebook --nbformat 4`." : "";
    throw loadError(file.source, `the file is not a Jupyter notebook: expected an object with a "cells" array (nbformat 4).${hint}`, {
      details: { reason: "not a notebook" },
    });
  }
  const metadata = isRecord(notebook.metadata) ? notebook.metadata : {};
  const language = languageOf(metadata);
  const parts: string[] = [];
  for (const cell of cells) {
    if (!isRecord(cell)) continue;
    const source = lines(cell.source).trimEnd();
    if (source.trim() === "" && cell.cell_type !== "code") continue;
    if (cell.cell_type === "code") {
      if (source.trim() !== "") parts.push(fenced(source, language ?? ""));
      const output = outputText(cell.outputs);
      if (output !== "") parts.push(fenced(output, "output"));
    } else if (cell.cell_type === "markdown") {
      // Jupyter renders each cell on its own: a fence a cell leaves open closes with it.
      parts.push(withFencesClosed(source));
    } else {
      // A raw cell (LaTeX or reStructuredText for nbconvert) is shown as written.
      parts.push(fenced(source, "raw"));
    }
  }
  const markdown = parts.join("\n\n");
  ensureNotEmpty(file.source, markdown, "the notebook");
  const parsed = parseMarkdown(markdown, file.source);
  const title = typeof metadata.title === "string" && metadata.title.trim() !== "" ? metadata.title.trim() : parsed.title;
  return [
    fileDocument(file, {
      content: parsed.content,
      format: "ipynb",
      title,
      sections: parsed.sections,
      encoding,
      fields: parsed.frontMatter,
      ...(language === undefined ? {} : { details: { language } }),
    }),
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A notebook field that nbformat stores as one string or as a list of lines, as one string. */
function lines(value: unknown): string {
  if (typeof value === "string") return value;
  return Array.isArray(value) ? value.filter((line): line is string => typeof line === "string").join("") : "";
}

/** A field that should be a string: itself, or nothing. */
function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A Markdown cell with a fence it opens and does not close closed at its end. */
function withFencesClosed(markdown: string): string {
  let open: string | undefined;
  for (const line of markdown.split("\n")) {
    const marker = fenceLine(line, open);
    if (marker !== undefined) open = open === undefined ? marker : undefined;
  }
  return open === undefined ? markdown : `${markdown}\n${open}`;
}

/** The notebook's language ("python"), from its language info or its kernel's. */
function languageOf(metadata: Record<string, unknown>): string | undefined {
  const info = isRecord(metadata.language_info) ? metadata.language_info.name : undefined;
  const kernel = isRecord(metadata.kernelspec) ? metadata.kernelspec.language : undefined;
  const name = typeof info === "string" ? info : typeof kernel === "string" ? kernel : undefined;
  return name !== undefined && /^[\w+#.-]{1,40}$/.test(name) ? name : undefined;
}

/** A code cell's plain-text output: streams, results' and displays' text/plain, errors' name and message. */
function outputText(outputs: unknown): string {
  if (!Array.isArray(outputs)) return "";
  const texts: string[] = [];
  for (const output of outputs) {
    if (!isRecord(output)) continue;
    if (output.output_type === "stream") texts.push(lines(output.text));
    else if (output.output_type === "error") texts.push(`${stringOf(output.ename) || "Error"}: ${stringOf(output.evalue)}`);
    else if (isRecord(output.data)) texts.push(lines(output.data["text/plain"]));
  }
  const text = texts
    .filter((t) => t.trim() !== "")
    .join("\n")
    .trimEnd();
  if (text.length <= MAX_OUTPUT_CHARS) return text;
  const cut = text.lastIndexOf("\n", MAX_OUTPUT_CHARS);
  return `${text.slice(0, cut > 0 ? cut : MAX_OUTPUT_CHARS)}\n…`;
}

/** `text` in a fence longer than any run of backticks inside it, so that nothing in it closes the fence early. */
function fenced(text: string, info: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}
