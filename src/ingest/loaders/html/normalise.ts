import { defaultTreeAdapter, parse, serialize } from "parse5";

/**
 * How node-html-parser reads the normalised page: without comments, and with the markup inside a `<pre>` read as
 * elements (only scripts and styles are raw text), since a listing's links and anchors count.
 */
export const TREE_OPTIONS = { comment: false, blockTextElements: { script: true, style: true, noscript: true } } as const;

/**
 * HTML rewritten as a browser's parser reads it: parse5 builds the tree by the HTML standard's rules (an unclosed
 * `<li>`, `<p>`, `<dd>` or `<head>` closes where the standard says, a `<p>` cannot hold a list, text stray in a
 * table moves before it, CRLF becomes LF) and serialises it back well-formed, so that node-html-parser, which
 * does not implement those rules, builds the same tree. Without it, Postfix's pages lost their `<body>` and every
 * `<dl>` (952 parameters in one section), SQLite's lists with unclosed items ran their items together into one
 * paragraph, and RDoc's pages without `</head>` read their `<title>` into the text.
 *
 * The page is returned as it is, for node-html-parser's own recovery, where the standard's rules would do it harm:
 * - where they would build far more elements than the page has tags (formatting elements left open are reopened
 *   in every later block: 120 `<b/>`s before 50,000 paragraphs make 6 million), counted as parse5 builds them;
 * - where an element whose content the reader drops or reads as raw text is left open (`<object>`, `<textarea>`,
 *   `<template>`… written into prose unescaped, as gi-docgen writes GtkBuilder's `<object>`): the standard would put
 *   the rest of the page inside it;
 * - where the page writes an HTML element in XML's self-closing form (`<div/>`, `<title/>`: XHTML, EPUB chapters),
 *   which the standard reads as an open tag.
 */
export function normaliseHtml(html: string): string {
  if (leavesSwallowingElementOpen(html) || selfClosesHtmlElement(html)) return html;
  const budget = 2 * countStartTags(html) + 10_000;
  let created = 0;
  const treeAdapter: typeof defaultTreeAdapter = {
    ...defaultTreeAdapter,
    createElement(tagName, namespaceURI, attrs) {
      if (++created > budget) throw new TooManyElements();
      return defaultTreeAdapter.createElement(tagName, namespaceURI, attrs);
    },
  };
  try {
    return serialize(parse(html, { treeAdapter }));
  } catch (error) {
    if (error instanceof TooManyElements) return html;
    throw error;
  }
}

class TooManyElements extends Error {}

function countStartTags(html: string): number {
  let count = 0;
  for (let at = html.indexOf("<"); at !== -1; at = html.indexOf("<", at + 1)) {
    const next = html.charCodeAt(at + 1) | 0x20;
    if (next >= 0x61 && next <= 0x7a) count++;
  }
  return count;
}

/**
 * Elements whose content the reader leaves out or the standard reads as raw text, and which take in everything
 * after them until their end tag: left open, they would swallow the rest of the page.
 */
const SWALLOWING = [
  "object",
  "select",
  "button",
  "textarea",
  "iframe",
  "template",
  "title",
  "xmp",
  "noembed",
  "noframes",
  "video",
  "audio",
  "canvas",
  "map",
  "picture",
  "datalist",
];
const SWALLOWING_TAG = new RegExp(`<(/?)(${SWALLOWING.join("|")})(?=[\\s/>])`, "gi");

/** Whether one of {@link SWALLOWING} opens more often than it closes. */
function leavesSwallowingElementOpen(html: string): boolean {
  const open = new Map<string, number>();
  for (const match of html.matchAll(SWALLOWING_TAG)) {
    const name = (match[2] ?? "").toLowerCase();
    open.set(name, (open.get(name) ?? 0) + (match[1] === "/" ? -1 : 1));
  }
  return [...open.values()].some((count) => count > 0);
}

/** HTML elements that hold content, written self-closing (`<div/>`, `<title />`); SVG's `<path/>` is XML and fine. */
const SELF_CLOSED_HTML =
  /<(?:a|abbr|article|aside|b|blockquote|body|button|code|dd|div|dl|dt|em|h[1-6]|head|header|html|i|iframe|label|li|main|nav|object|ol|p|pre|section|select|span|strong|table|td|template|textarea|th|title|tr|u|ul)(?:\s[^<>]*)?\/>/i;

function selfClosesHtmlElement(html: string): boolean {
  return SELF_CLOSED_HTML.test(html);
}
