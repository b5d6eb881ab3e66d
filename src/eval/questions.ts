import { readFile } from "node:fs/promises";
import { z } from "zod";
import { RagError } from "../errors.js";

/** One evaluation question with page-level relevance labels. */
export interface EvalQuestion {
  id: string;
  question: string;
  /** Keys of the items that answer it (page file names for `datasets/sqlite-docs`). The first is the main answer. */
  relevant: string[];
  /** A free label to break results down by, e.g. `"keyword"` or `"paraphrase"`. */
  kind?: string;
  /** The subset the question belongs to, e.g. `"dev"` or `"test"`; see {@link selectSplit}. */
  split?: string;
}

// Only the fields the evaluation uses are checked; extra fields are allowed and ignored.
const questionSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  question: z.string().trim().min(1),
  relevant: z.array(z.string().min(1)).min(1),
  kind: z.string().optional(),
  split: z.string().min(1).optional(),
});

/**
 * Reads a JSONL file of questions, one `{ id, question, relevant: string[], kind?, split? }` object per line.
 * Blank lines are skipped. A malformed line is a `LOAD_FAILED` error naming the file and line.
 *
 * @example
 * const questions = await loadQuestions("datasets/sqlite-docs/questions.jsonl");
 */
export async function loadQuestions(path: string): Promise<EvalQuestion[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new RagError(
      "LOAD_FAILED",
      `Could not read questions from ${path} (${code ?? String(cause)}): expected a JSONL file of { id, question, relevant } objects.`,
      {
        cause,
        path,
      },
    );
  }
  return parseQuestions(text, path);
}

/** Parses JSONL question text; `source` names the input in error messages. */
export function parseQuestions(text: string, source = "questions"): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  const ids = new Set<string>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const where = `${source}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new RagError("LOAD_FAILED", `${where} is not valid JSON (${(cause as Error).message}): expected one object per line.`, { cause, path: where });
    }
    const parsed = questionSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new RagError(
        "LOAD_FAILED",
        `${where}: field ${issue.path.join(".") || "(line)"} is invalid (${issue.message}): expected { id, question: string, relevant: string[] (non-empty), kind?: string, split?: string }.`,
        { cause: parsed.error, path: where },
      );
    }
    const q = parsed.data;
    if (ids.has(q.id)) throw new RagError("LOAD_FAILED", `${where}: question id ${JSON.stringify(q.id)} appears twice; ids must be unique.`, { path: where });
    ids.add(q.id);
    questions.push({
      id: q.id,
      question: q.question,
      relevant: q.relevant,
      ...(q.kind !== undefined ? { kind: q.kind } : {}),
      ...(q.split !== undefined ? { split: q.split } : {}),
    });
  }
  if (questions.length === 0) throw new RagError("LOAD_FAILED", `${source} holds no questions: expected one JSON object per line.`, { path: source });
  return questions;
}

/**
 * The questions whose `split` is `split`, in their order. Tuning on one split and reporting on another keeps
 * a result from being fitted to the very questions it is measured on.
 *
 * @example
 * const test = selectSplit(await loadQuestions("questions.jsonl"), "test");
 */
export function selectSplit(questions: readonly EvalQuestion[], split: string): EvalQuestion[] {
  const selected = questions.filter((q) => q.split === split);
  if (selected.length === 0) {
    const splits = [...new Set(questions.flatMap((q) => (q.split === undefined ? [] : [q.split])))].sort();
    const known = splits.length === 0 ? "none of the questions has a split field" : `the splits are ${splits.map((s) => JSON.stringify(s)).join(", ")}`;
    throw new RagError("INVALID_ARGUMENT", `No question has split ${JSON.stringify(split)} (${known}): give one of those, or add "split" to the questions.`);
  }
  return selected;
}
