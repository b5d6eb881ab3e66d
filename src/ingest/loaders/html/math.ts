import type { HTMLElement } from "node-html-parser";
import { collapseWhitespace } from "../document.js";

/**
 * Formulas as their TeX source. KaTeX (Docusaurus, Jupyter Book and mdBook render with it when the site is built)
 * writes each formula twice, as MathML carrying its TeX in an `<annotation>` and as styled spans hidden from
 * readers; the MathML's own text runs its tokens together ("x2+y"), so the TeX ("x^2 + y") is what reads. Older
 * generators (LaTeX2HTML, MediaWiki's fallback) draw a formula as an image whose `alt` is its TeX.
 */

/** The TeX of a `<math>` element's `application/x-tex` annotation, or undefined where it has none. */
export function mathTex(math: HTMLElement): string | undefined {
  const annotation = math.querySelectorAll("annotation").find((element) => /\btex\b/i.test(element.getAttribute("encoding") ?? ""));
  const tex = annotation === undefined ? "" : collapseWhitespace(annotation.text);
  return tex === "" ? undefined : tex;
}

/** TeX as an image's alt text: `$…$`, `\(…\)`, `\[…\]` or MediaWiki's `{\displaystyle …}` and `{\textstyle …}` (unwrapped). */
const TEX_ALT = /^(?:\$[^$]+\$|\$\$[^$]+\$\$|\\\([\s\S]+\\\)|\\\[[\s\S]+\\\]|\{\\(?:display|text)style\s([\s\S]+)\})$/;

/** The TeX an image of a formula stands for, or undefined for any other image. */
export function imageTex(image: HTMLElement): string | undefined {
  const alt = collapseWhitespace(image.getAttribute("alt") ?? "");
  const match = TEX_ALT.exec(alt);
  if (match === null) return undefined;
  return match[1] === undefined ? alt : match[1].trim();
}
