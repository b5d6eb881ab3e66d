import { parse, serialize } from "parse5";
import { reopenedFormatting } from "./depth.js";

/**
 * The most elements that reopening unclosed formatting elements may add before a page is read without
 * normalising (see {@link normaliseHtml}): a hostile page of 128 open `<b>`s and a million paragraphs would
 * otherwise build 128 million elements.
 */
const MAX_REOPENED = 500_000;

/**
 * HTML rewritten as a browser's parser reads it: parse5 builds the tree by the HTML standard's rules (an unclosed
 * `<li>`, `<p>`, `<dd>` or `<head>` closes where the standard says, a `<p>` cannot hold a list, text stray in a
 * table moves before it, CRLF becomes LF) and serialises it back well-formed, so that node-html-parser, which
 * does not implement those rules, builds the same tree. Without it, Postfix's pages lost their `<body>` and every
 * `<dl>` (952 parameters in one section), SQLite's lists with unclosed items ran their items together into one
 * paragraph, and RDoc's pages without `</head>` read their `<title>` into the text. A page whose unclosed
 * formatting elements would make the standard's tree explode is returned as it is.
 */
export function normaliseHtml(html: string): string {
  if (reopenedFormatting(html, MAX_REOPENED) > MAX_REOPENED) return html;
  return serialize(parse(html));
}
