import type { QueryResult } from "../db/records.js";

/**
 * "Title › Heading › Sub-heading", whitespace collapsed, without saying a name twice: of two neighbours where one
 * is the other's start ("git-rebase(1)" over an h1 "git-rebase(1) Manual Page"), only the longer is kept. Ingest
 * puts it over each chunk's passage for the embedder; a reranker is given it too ({@link withContextHeader}).
 */
export function contextHeader(title: string | undefined, headings: readonly string[]): string {
  const parts: string[] = [];
  for (const part of [title, ...headings]) {
    const clean = part?.replace(/\s+/g, " ").trim();
    if (!clean) continue;
    const last = parts[parts.length - 1];
    if (last !== undefined && startsWithWords(last, clean)) continue;
    if (last !== undefined && startsWithWords(clean, last)) parts.pop();
    parts.push(clean);
  }
  return parts.join(" › ");
}

/**
 * A hit's passage (`content`) under its context header, a blank line between them. The header is made from the
 * `title` and `headings` ingest writes in the hit's metadata, by the rule ingest uses for the embedder's header
 * (which ingest may shorten to fit the embedder's window; this one is whole). A hit without either (a record added
 * by hand) is its `content` alone.
 */
export function withContextHeader(hit: Pick<QueryResult, "content" | "metadata">): string {
  const { title, headings } = hit.metadata;
  const header = contextHeader(
    typeof title === "string" ? title : undefined,
    Array.isArray(headings) ? headings.filter((h): h is string => typeof h === "string") : [],
  );
  return header === "" ? hit.content : `${header}\n\n${hit.content}`;
}

/** True when `text` is `start` itself, or begins with it and a word ends there. */
function startsWithWords(text: string, start: string): boolean {
  if (!text.toLowerCase().startsWith(start.toLowerCase())) return false;
  const next = text.charAt(start.length);
  return next === "" || !/[\p{L}\p{N}_]/u.test(next) || !/[\p{L}\p{N}_]/u.test(start.charAt(start.length - 1));
}
