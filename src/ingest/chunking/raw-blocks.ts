/**
 * `<script>` and `<style>` blocks in Markdown: two of CommonMark's HTML blocks of the first kind (which also counts
 * `<pre>` and `<textarea>`), such as VitePress pages' `<script setup>` and a page's own `<style>`. No reader sees what
 * they hold, so the line reader takes one for a comment that runs to its closing tag.
 */

/** The closing tag of the block that a line opens (`"</script>"`), or undefined: the line must start it. */
export function rawBlockCloser(line: string): string | undefined {
  const tag = RAW_BLOCK_START.exec(line)?.[1];
  return tag === undefined ? undefined : `</${tag.toLowerCase()}>`;
}

/**
 * Where the closing tag `closer` (from {@link rawBlockCloser}) ends at or after `from`, or -1, in any case. Searched in
 * the line itself: a lower-cased copy can be longer ("İ" lower-cases to two units), so its positions would be off.
 */
export function rawBlockEnd(line: string, from: number, closer: string): number {
  const pattern = closer === "</script>" ? SCRIPT_END : STYLE_END;
  pattern.lastIndex = from;
  const end = pattern.exec(line);
  return end === null ? -1 : end.index + end[0].length;
}

const RAW_BLOCK_START = /^ {0,3}<(script|style)(?=[\s>]|$)/i;
const SCRIPT_END = /<\/script>/gi;
const STYLE_END = /<\/style>/gi;
