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

describe("parseHtml: an icon font's glyphs", () => {
  it("reads glyphs of the private use area as their label, and leaves them out where they have none", () => {
    // Django's console blocks: a tab for each system, labelled by icons and a title.
    const tabs = `<label title="Linux/macOS">&#xf17c/&#xf179</label><label aria-label="Windows" title="Win">&#xf17a</label>`;
    const page = `<main><p>Install it:</p><div>${tabs}<pre>$ pip install reportlab &#xe0b0;</pre></div><p>Done <i class="fa">&#xf00c;</i> now.</p></main>`;
    expect(parseHtml(page).content).toBe("Install it:\n\nLinux/macOS Windows\n\n$ pip install reportlab\n\nDone now.");
  });

  it("keeps the text of a labelled element that holds words, and a private-use glyph's label only where glyphs are all it holds", () => {
    const page = `<main><p><abbr title="HyperText Markup Language">HTML</abbr> and <span title="check">&#xf00c; passed</span>.</p></main>`;
    expect(parseHtml(page).content).toBe("HTML and passed.");
  });

  it("leaves out a heading's permalink drawn by an icon font, with its label (MkDocs' \"Permanent link\")", () => {
    const heading = (text: string, id: string) => `<h2 id="${id}">${text}<a class="headerlink" href="#${id}" title="Permanent link">&#xf0c1;</a></h2>`;
    const page = `<main>${heading("Code of Conduct", "conduct")}<p>Be kind.</p>${heading("Reporting an Issue", "issues")}<p>Use the tracker.</p></main>`;
    const parsed = parseHtml(`<title>Contributing</title>${page}`);
    expect(parsed.content).toBe("Code of Conduct\n\nBe kind.\n\nReporting an Issue\n\nUse the tracker.");
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual(["Code of Conduct", "Reporting an Issue"]);
    // An entry's term too (Furo's signatures), but not a term that is the symbol alone.
    const term = `<dl><dt id="attrs.NOTHING">attrs.NOTHING<a class="headerlink" href="#attrs.NOTHING" title="Permalink to this definition">&#xf0c1;</a></dt><dd><p>A sentinel.</p></dd></dl>`;
    expect(parseHtml(`<main><h1>API</h1>${term}</main>`).content).toBe("API\n\nattrs.NOTHING\n\nA sentinel.");
    const operator = `<dl><dt id="op-plus"><a href="#op-plus">+</a></dt><dd><p>Adds.</p></dd><dt id="op-minus"><a href="#op-minus">-</a></dt><dd><p>Subtracts.</p></dd></dl>`;
    expect(parseHtml(`<main><h1>Operators</h1>${operator}</main>`).content).toBe("Operators\n\n+\n\nAdds.\n\n-\n\nSubtracts.");
    // The same glyph in the text, linking nowhere on the page, still reads as its label.
    expect(parseHtml(`<main><p>Share <a href="https://example.org/x" title="Permanent link">&#xf0c1;</a> it.</p></main>`).content).toBe(
      "Share Permanent link it.",
    );
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

describe("parseHtml: text a script shows one of by the reader's system", () => {
  it("reads every alternative of a span of hidden spans alone (LibreOffice's switch), each told apart", () => {
    const key = `<span class="switchinline"><span hidden="true" class="MAC">Command</span><span hidden="true" id="default">Ctrl</span></span>`;
    const menu = `<span class="switchinline"><span hidden="true" class="MAC"><span class="emph">LibreOffice - Preferences</span></span><span hidden="true"><span class="emph">Tools - Options</span></span></span>`;
    expect(parseHtml(`<main><p>Press ${key}+Enter. Choose ${menu} - General.</p></main>`).content).toBe(
      "Press Command / Ctrl+Enter. Choose LibreOffice - Preferences / Tools - Options - General.",
    );
  });

  it("leaves out a hidden span beside text or a shown span, one alone, and hidden blocks", () => {
    const html = (inner: string) => parseHtml(`<main><p>a ${inner} b</p></main>`).content;
    expect(html(`<span>x<span hidden>one</span><span hidden>two</span></span>`)).toBe("a x b");
    expect(html(`<span><span>shown</span><span hidden>one</span><span hidden>two</span></span>`)).toBe("a shown b");
    expect(html(`<span><span hidden>only</span></span>`)).toBe("a b");
    expect(parseHtml(`<main><p>a</p><div><div hidden>one</div><div hidden>two</div></div><p>b</p></main>`).content).toBe("a\n\nb");
  });
});
