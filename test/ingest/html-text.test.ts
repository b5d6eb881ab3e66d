import { describe, expect, it } from "vitest";
import { parseHtml } from "../../src/ingest/loaders/index.js";

describe("parseHtml: marks that an element which writes nothing leaves behind", () => {
  it("sets nothing apart after a span of one kind that writes nothing (an icon's), and keeps the word whole", () => {
    expect(parseHtml(`<main><p>un<span class="x">break</span><span class="x"><svg><path d="M0 0"/></svg></span>able</p></main>`).content).toBe("unbreakable");
  });

  it("marks no number as a superscript after a superscript whose number is hidden", () => {
    expect(parseHtml(`<main><p>x<sup><span hidden>2</span></sup>1 and x<sup>2</sup></p></main>`).content).toBe("x1 and x^2");
  });
});

describe("parseHtml: characters a page does not show", () => {
  it("leaves out zero-width spaces, soft hyphens and word joiners, so a word they stand in stays one word", () => {
    const page = "<main><p>Set QT_AUTO_SCREEN&#8203;_SCALE_FACTOR; it returns &#x200b;true, or ex&shy;am&#x2060;ple.</p><pre>std::&#8203;vector</pre></main>";
    expect(parseHtml(page).content).toBe("Set QT_AUTO_SCREEN_SCALE_FACTOR; it returns true, or example.\n\nstd::vector");
  });
});

describe("parseHtml: code lines that mdBook hides", () => {
  it("leaves out a Rust book's hidden lines of an example (span.boring in code), and keeps a span of that class elsewhere", () => {
    const code = `<pre><code class="language-rust"><span class="boring">#![allow(unused)]
</span><span class="boring">fn main() {
</span>    println!("Hello, world!");
<span class="boring">}
</span></code></pre>`;
    expect(parseHtml(`<main><p>It prints:</p>${code}<p>A <span class="boring">dull</span> word.</p></main>`).content).toBe(
      'It prints:\n\n    println!("Hello, world!");\n\nA dull word.',
    );
  });
});

describe("parseHtml: a quotation", () => {
  it("sets a <q>'s text in the quotation marks a browser shows, an empty one's too", () => {
    expect(parseHtml(`<main><p>Set <q>file</q> here; defaults to <q></q>.</p></main>`).content).toBe("Set “file” here; defaults to “”.");
  });
});
