import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blocksOf } from "../../src/ingest/chunking/markdown-lines.js";
import { markdownProse } from "../../src/ingest/chunking/markdown-prose.js";
import { parseMarkdown } from "../../src/ingest/loaders/index.js";
import { quickly } from "../support/timing.js";

describe("markdownProse: what the embedder reads of a Markdown passage", () => {
  it("keeps a footnote's text without its label, drops its marks, and still drops a link reference definition", () => {
    expect(markdownProse("The limit is 2 GiB[^1].\n\n[^1]: Raised to 4 GiB in 3.2.\n[docs]: https://example.com/docs")).toBe(
      "The limit is 2 GiB.\n\nRaised to 4 GiB in 3.2.",
    );
    expect(markdownProse("An array `a[^1]` in code.")).toBe("An array a[^1] in code.");
  });

  it("reads a GitHub alert's type as its word ('> [!NOTE]' as '> Note'), not a link", () => {
    expect(markdownProse("> [!NOTE]\n> Runs on Node.js 20.\n\n> [!warning]\n> Breaks on 18.")).toBe(
      "> Note\n> Runs on Node.js 20.\n\n> Warning\n> Breaks on 18.",
    );
    expect(markdownProse("> > [!TIP] Nested\n>   > [!tip]")).toBe("> > Tip Nested\n> > Tip");
  });

  it("reads a line quoted 40 levels deep in linear time, as it reads one quoted once", () => {
    expect(quickly(() => markdownProse(`${"> ".repeat(40)}reply`), 2000)).toBe(`${"> ".repeat(40)}reply`);
  });

  it("keeps a link's or an image's text and drops its target", () => {
    expect(markdownProse('See [the guide](https://example.com/docs/guide.html "Guide") and ![logo](img/logo.png).')).toBe("See the guide and logo.");
    // A badge: an image inside a link.
    expect(markdownProse("[![Build Status](https://ci.example.com/badge.svg)](https://ci.example.com/runs)")).toBe("Build Status");
    // Targets with parentheses, and link text that is code.
    expect(markdownProse("Call [`open()`](functions.html#open) or [sort](https://en.wikipedia.org/wiki/Sort_(disambiguation)).")).toBe("Call open() or sort.");
  });

  it("drops reference definitions, autolinks and bare URLs, and keeps reference links' text", () => {
    const text = "Read [the spec][spec] at <https://spec.example.org> or https://example.org/x?y=1.\n\n[spec]: https://spec.example.org/v2";
    expect(markdownProse(text)).toBe("Read the spec at or");
  });

  it("drops HTML tags that Markdown embeds, and keeps angle brackets that are text", () => {
    expect(markdownProse('<p align="center"><img src="logo.png"></p>\n\nA <kbd>Ctrl</kbd> key; a Vec<T> and <placeholder>.')).toBe(
      "A Ctrl key; a Vec<T> and <placeholder>.",
    );
  });

  it("keeps code as written: fenced blocks whole (without their fences), inline code without backticks", () => {
    const text = "Run `git log --format=<fmt>`:\n\n```sh\n# not a heading\ncurl [x](y) <div>\n```\n\nDone.";
    expect(markdownProse(text)).toBe("Run git log --format=<fmt>:\n\n# not a heading\ncurl [x](y) <div>\n\nDone.");
  });

  it("drops heading markers, strong emphasis marks, table delimiter rows, rules and escapes", () => {
    const text = "## Options ##\n\n**Note:** use __care__.\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n---\n\nA \\*literal\\* star, snake_case_name.";
    expect(markdownProse(text)).toBe("Options\n\nNote: use care.\n\n| a | b |\n| 1 | 2 |\n\nA *literal* star, snake_case_name.");
  });

  it("works on any slice of a document: a chunk may start inside a fence or a link", () => {
    const doc = "Intro.\n\n```sh\nrun [x](y)\n```\n\nAfter [a](b).";
    const openAt = blocksOf(doc);
    const start = doc.indexOf("run");
    expect(openAt(start).fence).toBe("```");
    expect(openAt(doc.indexOf("After")).fence).toBeUndefined();
    expect(openAt(0)).toEqual({});
    expect(markdownProse(doc.slice(start), openAt(start))).toBe("run [x](y)\n\nAfter a.");
    // Without the document, the closing fence passes for an opening one.
    expect(markdownProse(doc.slice(start))).toBe("run x\n\nAfter [a](b).");
    expect(markdownProse("(https://example.com/half) rest")).toBe("() rest");
  });

  it("reads a README's markup as its reader sees it: reference badges, <br>, <sup>, character references, underlines, padding", () => {
    expect(markdownProse("[![Build status][ci image]][ci] [![npm][npm-badge]][npm] ![][icon]\n\nText.")).toBe("Build status npm\n\nText.");
    expect(markdownProse("should follow.<br>Set to null, 2<sup>64</sup> values<sup>1</sup>")).toBe("should follow. Set to null, 2^64 values^1");
    expect(markdownProse("Tom &amp; Jerry&nbsp;&mdash; &lt;b&gt; &#169; &#x2192; caf&eacute; &bogus;")).toBe("Tom & Jerry — <b> © → café &bogus;");
    expect(markdownProse("History\n=======\n\n1.0.0 / 2021\n------------\n\n* First")).toBe("History\n\n1.0.0 / 2021\n\n* First");
    expect(markdownProse("| Option     | Default    |\n|------------|------------|\n| `a  b`     | none       |")).toBe(
      "| Option | Default |\n| a  b | none |",
    );
  });

  it("keeps the text of a link that wraps a line and drops its target", () => {
    const text = "We recommend using [AI SDK\n  UI](/docs/ai-sdk-ui/overview) for production.\n\nA [bracket\nthat](is not a link\n\n```\n[code\n](x)\n```";
    expect(markdownProse(text)).toBe("We recommend using AI SDK\n  UI for production.\n\nA [bracket\nthat](is not a link\n\n[code\n](x)");
    // The line that closes one such link may open the next.
    expect(markdownProse("with [AI SDK\nUI](/docs/ui) and [AI SDK\nRSC](/docs/rsc).")).toBe("with AI SDK\nUI and AI SDK\nRSC.");
    // Its text may run over up to five lines; a paragraph's end, or a sixth line, ends it.
    expect(markdownProse("the [OAuth\nAuthorization Code\nFlow](https://auth0.com/docs/flow), which")).toBe("the OAuth\nAuthorization Code\nFlow, which");
    expect(markdownProse("a [b\n\nc\nd](x)")).toBe("a [b\n\nc\nd](x)");
    expect(markdownProse("a [b\n1\n2\n3\n4\n5](x)")).toBe("a [b\n1\n2\n3\n4\n5](x)");
    expect(markdownProse("a [b\n1\n2\n3\n4](x)")).toBe("a b\n1\n2\n3\n4");
    // A link's text may hold one pair of brackets of its own.
    expect(markdownProse("PR #16212 by [@pr-submit[bot]](https://github.com/apps/pr-submit), see [Array[T]](a.md).")).toBe(
      "PR #16212 by @pr-submit[bot], see Array[T].",
    );
    // A "](" with no "[" on the line before, or after a "[" inside a code span, closes no link.
    expect(markdownProse("foo](x) bar")).toBe("foo](x) bar");
    expect(markdownProse("Index `a[i` and\nsee](x)")).toBe("Index a[i and\nsee](x)");
  });

  it("strips a heading's closing #s in linear time, and keeps a # inside a word", () => {
    expect(markdownProse("## Usage ##\n\n# C#\n\nC# is # fine")).toBe("Usage\n\nC#\n\nC# is # fine");
    expect(quickly(() => markdownProse(`# a${" ".repeat(200_000)}b`), 2000)).toBe(`a${" "}b`);
  });

  it("does not open a fence at a line indented four spaces or more, which may be an indented code block", () => {
    const prose = markdownProse("Intro:\n\n    ```python\n\nLater [link](http://x/long).");
    expect(prose.endsWith("\n\nLater link.")).toBe(true);
  });

  it("drops HTML comments, on one line or many, but not in code", () => {
    const doc =
      "# fs\n\n<!--introduced_in=v0.10.0-->\n\n## `fs.open()`\n<!-- YAML\nadded: v0.1.94\nchanges:\n  - version: v11.1.0\n-->\n\nOpens a file. <!-- note --> Then `<!--` is code.\n\n```html\n<!-- kept -->\n```\nEnd <!-- open\n``` not a fence\nstill comment --> after.";
    expect(markdownProse(doc)).toBe("fs\n\nfs.open()\n\nOpens a file. Then <!-- is code.\n\n<!-- kept -->\nEnd\nafter.");
    // The empty forms close at once.
    expect(markdownProse("a <!--> b <!---> c")).toBe("a b c");
  });

  it("knows when a slice starts inside a comment, at a line's start or in its middle", () => {
    const doc = "Text.\n<!-- YAML\nadded: v1\n-->\nBody <!-- a\nb --> tail.";
    const openAt = blocksOf(doc);
    const inside = doc.indexOf("added");
    expect(openAt(inside).comment).toBe("-->");
    expect(markdownProse(doc.slice(inside), openAt(inside))).toBe("Body\ntail.");
    const mid = doc.indexOf(" a\nb");
    expect(openAt(mid).comment).toBe("-->");
    expect(markdownProse(doc.slice(mid), openAt(mid))).toBe("tail.");
    expect(openAt(doc.indexOf("Body")).comment).toBeUndefined();
    // Without the document, a comment's body passes for text.
    expect(markdownProse(doc.slice(inside))).toContain("added: v1");
  });

  it("reads MDX: import blocks and {/* */} comments go, JSX tags go but keep their strings", () => {
    const doc = [
      "import { Tabs } from 'nextra/components';",
      "export const meta = {",
      "  title: 'x',",
      "};",
      "",
      "# Providers",
      "",
      "{/* A note for editors",
      "   over two lines */}",
      'Install it: <Snippet text="npm install ai" dark /> and go.',
      "",
      '<div className="max-w-[40%] mx-auto">',
      '  <Note type="warning">Keys are secret.</Note>',
      "</div>",
      "",
      "<PropertiesTable",
      "  content={[",
      "    {",
      "      name: 'maxRetries',",
      "      type: 'number',",
      '      description: "Retries after a failure. Set to 0 to disable, it\'s 2 by default.",',
      "    },",
      "  ]}",
      "/>",
      "",
      "A `Vec<T>` in code is no tag, and `{/*` no comment.",
      "",
      "```tsx",
      "import { useChat } from '@ai-sdk/react';",
      '<Chat id="a" />',
      "```",
    ].join("\n");
    expect(markdownProse(doc, {}, "mdx")).toBe(
      [
        "Providers",
        "",
        "Install it: npm install ai and go.",
        "",
        "  Keys are secret.",
        "",
        "maxRetries",
        "number",
        "Retries after a failure. Set to 0 to disable, it's 2 by default.",
        "",
        "A Vec<T> in code is no tag, and {/* no comment.",
        "",
        "import { useChat } from '@ai-sdk/react';",
        '<Chat id="a" />',
      ].join("\n"),
    );
    // A stray "<Word" (invalid MDX) ends at the next blank line instead of taking the rest of the page.
    expect(markdownProse("If a <b then c.\n\nNext paragraph.", {}, "mdx")).toBe("If a\n\nNext paragraph.");
    // Plain Markdown keeps JSX and imports as text (an HTML tag it knows goes).
    expect(markdownProse('import x from "y";\n\n<Snippet text="npm i" />', {}, "markdown")).toBe('import x from "y";\n\n<Snippet text="npm i" />');
  });

  it("knows when an MDX slice starts inside a tag's attributes or an import block", () => {
    const doc = "Intro.\n\n<PropertiesTable\n  content={[\n    { name: 'model', description: 'The model.' },\n  ]}\n/>\n\nAfter.";
    const openAt = blocksOf(doc, "mdx");
    const inside = doc.indexOf("    { name");
    expect(openAt(inside).tag).toMatchObject({ depth: 1 });
    expect(markdownProse(doc.slice(inside), openAt(inside), "mdx")).toBe("model The model.\n\nAfter.");
    expect(openAt(doc.indexOf("After")).tag).toBeUndefined();
    const esm = "import {\n  a,\n  b,\n} from 'x';\n\nText.";
    const middle = esm.indexOf("  b");
    expect(blocksOf(esm, "mdx")(middle).esm).toBe(true);
    expect(markdownProse(esm.slice(middle), blocksOf(esm, "mdx")(middle), "mdx")).toBe("Text.");
  });

  it("reads what MDX writers write: spaced comment ends, quotes in code props, strings beside text, links in props", () => {
    const mdx = (text: string) => markdownProse(text, {}, "mdx");
    expect(mdx("{/* note */ }\n\nVisible text.")).toBe("Visible text.");
    // An apostrophe inside a prop's code ends with its line; the page goes on.
    expect(mdx("<Foo render={() => <span>Don't</span>} />\nSecond paragraph.\n\nIt's the third.\n\nFourth.")).toContain("It's the third.\n\nFourth.");
    expect(mdx('<Card title="Getting started">Learn more</Card>')).toBe("Getting started Learn more");
    // Links and images in props are no text, nor are paths; a blank line inside a prop's code does not end the tag.
    expect(
      mdx(
        "<IndexCards\n  cards={[\n    { title: 'Chatbot', href: '/docs/chatbot', image: './chat.png' },\n\n  ]}\n/>\n<Image srcLight=\"/a.png\" alt=\"A diagram\" />",
      ),
    ).toBe("Chatbot\n\nA diagram");
    // Each run of blank lines is judged by the line after it: code goes on after the first, words after the second.
    expect(mdx("<X a={[\n\n\n  'kept',\n\n\nPlain words after.")).toBe("kept\n\nPlain words after.");
    // A backtick inside a comment does not keep it open; a code span is code, comment markers and all.
    expect(markdownProse("<!-- don`t --> use `foo` here. `<!--` stays.")).toBe("use foo here. <!-- stays.");
  });

  it("reads a slice that starts inside a line as the rest of that line", () => {
    const doc = "You can then import the function\nand call it.\n\nNext paragraph.";
    const at = doc.indexOf("import");
    expect(markdownProse(doc.slice(at), blocksOf(doc, "mdx")(at), "mdx")).toBe("import the function\nand call it.\n\nNext paragraph.");
    const fenced = '```ts filename="a.ts"\nconst [x](y) = 1;\n```\n\nAfter [a](b).';
    const info = fenced.indexOf("filename");
    expect(markdownProse(fenced.slice(info), blocksOf(fenced)(info))).toBe("const [x](y) = 1;\n\nAfter a.");
    const span = "Use `<!-- x` here, then more.";
    const inSpan = span.indexOf(" x`");
    expect(blocksOf(span)(inSpan).comment).toBeUndefined();
  });

  it("drops a table of contents, list items of nothing but a link into the page, with its label", () => {
    const toc = "**Table of contents**\n- [Errors](#errors)\n  - [Uncaught Errors](#uncaught-errors)\n  1. [`FST_ERR_NOT_FOUND`](#fst_err_not_found)\n\nText.";
    expect(markdownProse(toc)).toBe("Text.");
    // The label goes with the table a blank line or two below it.
    expect(markdownProse("Contents:\n\n\n- [Install](#install)\n- [Use](#use)\n\nText.")).toBe("Text.");
    // A list of links elsewhere, an item with words beside its link, and a label over other text stay.
    expect(markdownProse("- [Guide](guide.md)\n- [Errors](#errors) lists every code")).toBe("- Guide\n- Errors lists every code");
    expect(markdownProse("Contents:\n\nThe box holds three parts.")).toBe("Contents:\n\nThe box holds three parts.");
  });

  it("reads the rest of a line a passage starts in as text, though the whole line would be a definition", () => {
    expect(markdownProse("[ref]: https://example.org/x rest of a line", { midLine: true })).toBe("[ref]: rest of a line");
    expect(markdownProse("[ref]: https://example.org/x rest of a line")).toBe("");
  });

  it("keeps a container directive's title and drops its bare markers", () => {
    expect(markdownProse(":::tip Use a key\nKeep it secret.\n:::\n\n::: warning\nSlow.\n:::\n\n:::note[Heads up]\nHi.\n:::")).toBe(
      "Use a key\nKeep it secret.\n\nSlow.\n\nHeads up\nHi.",
    );
  });

  it("reads a site generator's template tags as the built page shows them: Hugo's shortcodes and Liquid's tags", () => {
    // A shortcode shows the words among its arguments (a caption, a tooltip's text), not its name or other arguments.
    expect(markdownProse('A {{< glossary_tooltip text="Pod" term_id="pod" >}} runs {{< new-in 0.140.0 />}} here.')).toBe("A Pod runs here.");
    expect(markdownProse('{{< figure src="sunset.jpg" caption="The sunset" alt=\'A red sky\' >}}')).toBe("The sunset A red sky");
    // What a paired tag wraps is the page's text; a line of tags alone is no text.
    expect(markdownProse("{{% note %}}\nBack up first.\n{{% /note %}}\n\n{{< code-toggle file=hugo >}}\nbaseURL = 'x'\n{{< /code-toggle >}}")).toBe(
      "Back up first.\n\nbaseURL = 'x'",
    );
    expect(markdownProse('{% include callout.html content="Back up first." %}\n{%- if site.beta -%}Beta.{% endif %}')).toBe("Back up first.\nBeta.");
    // A Liquid output, and a shortcode escaped to be shown, are text; in code, everything is code.
    expect(markdownProse("Write {{ .Title }} or {{</* figure */>}}; `{{< x >}}` and `{% raw %}`.")).toBe(
      "Write {{ .Title }} or {{</* figure */>}}; {{< x >}} and {% raw %}.",
    );
    expect(markdownProse("```\n{{< x >}}\n{% y %}\n```")).toBe("{{< x >}}\n{% y %}");
  });

  it("reads template tags as a page would: raw and comment blocks, a tab's header, an image's alt, words kept apart", () => {
    expect(markdownProse("{% raw %}{% include x.html %}{% endraw %} shows the tag; {% comment %}TODO{% endcomment %}done.")).toBe(
      "{% include x.html %} shows the tag; done.",
    );
    expect(markdownProse('{{< tab header="Linux" >}}\n{{< alert title="Warning" >}}Body{{< /alert >}}\n[{{< img alt="Cover" >}}](x.png)')).toBe(
      "Linux\nWarning Body\nCover",
    );
    // Jinja's and Django's tags are no generator's arguments: a value after " = " shows nothing.
    expect(markdownProse("Loops: {% for user in users %}{{ user.name }}{% endfor %}. {% set title = 'Hi' %}")).toBe("Loops: {{ user.name }}.");
  });

  it("reads a shortcode written over several lines as its one-line form: the words its arguments show", () => {
    const doc = [
      "Which looks like this:",
      "",
      "{{< figure",
      '  src="/images/zion.jpg"',
      '  alt="A photograph of Zion"',
      '  caption="Zion National Park"',
      ">}}",
      "",
      '{{% render-table path=/methods filter="image" %}}{{< img src="a.jpg"',
      '  filter="Process" >}} and more.',
      "",
      "```",
      "{{< figure",
      "```",
    ].join("\n");
    expect(markdownProse(doc)).toBe("Which looks like this:\n\nA photograph of Zion\nZion National Park\n\nand more.\n\n{{< figure");
    // A chunk that starts inside the tag reads as the whole page does.
    const openAt = blocksOf(doc);
    const inside = doc.indexOf("  alt=");
    expect(openAt(inside).comment).toBe(">}}");
    expect(markdownProse(doc.slice(inside), openAt(inside))).toBe(markdownProse(doc).slice(markdownProse(doc).indexOf("A photograph")));
    expect(openAt(doc.indexOf("and more")).comment).toBeUndefined();
    // The escaped form a page about shortcodes shows is text; a stray opener takes only the rest of its paragraph.
    expect(markdownProse('{{</* figure\n  caption="Zion"\n*/>}}')).toBe('{{</* figure\n  caption="Zion"\n*/>}}');
    expect(markdownProse("Write {{< x\nhere.\n\nNext paragraph.")).toBe("Write\n\nNext paragraph.");
    // Liquid's tags likewise: Jekyll's include over its arguments shows its content, and `-%}` closes it.
    expect(markdownProse('{% include note.html\n  title="Heads up"\n  content="Back up first."\n%}\n{%- include x.html\n  y=1 -%} done')).toBe(
      "Heads up\nBack up first.\ndone",
    );
  });

  it("keeps the text of a link whose target is a template expression, blanks and all", () => {
    const text = 'See [the install guide]({{< relref "install.md" >}}), [the docs]({{ site.baseurl }}/docs/) and [x]({% link _docs/x.md %}).';
    expect(markdownProse(text)).toBe("See the install guide, the docs and x.");
    // A "{" that opens no expression is a target's character, as before.
    expect(markdownProse("Read [a](x{y) and [b]({{z}}).")).toBe("Read a and b.");
    expect(markdownProse("Not [c]({{ open)")).toBe("Not [c]({{ open)");
  });

  it("reads MkDocs' block markers as their titles: pymdownx blocks, admonitions, content tabs; includes go", () => {
    expect(markdownProse("/// note | Technical Details\n\nStarlette does it.\n\n///\n/// tip\n\nTip.\n\n///")).toBe(
      "Technical Details\n\nStarlette does it.\n\nTip.",
    );
    expect(markdownProse('!!! info "Limits"\n\n    Experimental.\n\n??? note\n\n???+ tip annotate "Open"\n!!! note ""')).toBe(
      "Limits\n\n    Experimental.\n\nOpen",
    );
    // Without a title, only a type MkDocs knows makes a marker: a sentence after "!!!" is a sentence.
    expect(markdownProse("!!! IMPORTANT\n!!! This is important\n??? what\n/// TODO\n/// Panics")).toBe("!!! This is important\n??? what\n/// Panics");
    expect(markdownProse('===+ "Open"\n===! "New group"\n-8<- "part.md"\n<<< "$var" is a here-string')).toBe('Open\nNew group\n<<< "$var" is a here-string');
    // A MyST directive's argument is a title only for the directives that take one.
    expect(markdownProse(":::{code-block} python\nprint(1)\n:::\n:::{dropdown} Details\nMore.\n:::")).toBe("print(1)\nDetails\nMore.");
    // Python-Markdown takes an admonition without the blank after its marks; MyST writes directives in colon fences;
    // an attribute list on a line of its own marks the block after it.
    expect(markdownProse('!!!note "Heads up"\n:::{seealso}\nOther pages.\n:::\n:::{admonition} My title\n{#target}\n{: .note }\nText {#kept}.')).toBe(
      "Heads up\nOther pages.\nMy title\nText {#kept}.",
    );
    expect(markdownProse('=== "Linux"\n\n    Export it.\n\n=== "Windows"')).toBe("Linux\n\n    Export it.\n\nWindows");
    expect(markdownProse('{* ../../docs_src/app.py hl[3] *}\n--8<-- "includes/abbr.md"\n{! ../README.md !}\nText.')).toBe("Text.");
    // Lines that only look alike are text: a doc comment of words, a tab without quotes, braces in a sentence.
    expect(markdownProse("/// Returns the sum\n=== Linux\n{* a *} and more")).toBe("/// Returns the sum\n=== Linux\n{* a *} and more");
  });

  it("drops <script> and <style> blocks to their closing tags, as comments; keeps them in code, and a word that starts alike", () => {
    const page =
      "<script setup>\nconst x = 1\n</script>\n\nText.\n<STYLE>a{}</STYLE> after\n\n```html\n<script>\nkept()\n</script>\n```\n<scripting> is a word";
    expect(markdownProse(page)).toBe("Text.\nafter\n\n<script>\nkept()\n</script>\n<scripting> is a word");
    // A chunk that starts inside the block knows it is in one, on a later line or part-way into the opening one.
    for (const at of [page.indexOf("const x"), 3]) {
      expect(blocksOf(page)(at)).toMatchObject({ comment: "</script>" });
      expect(markdownProse(page.slice(at), blocksOf(page)(at)).startsWith("Text.")).toBe(true);
    }
    // Its closing tag is found in any case, and where it is even after letters that lower-case to two units.
    expect(markdownProse('<script>const s = "İİİ";</SCRIPT> after')).toBe("after");
    expect(markdownProse("<script>x()</script> after", {}, "mdx")).toBe("after");
    expect(markdownProse("<<< @/snippets/install.sh{2}\n<<< ./deploy.yaml#content [deploy.yml]\nText.")).toBe("Text.");
  });

  it("drops a heading's attribute list ({#id}, {.class}, {: #id }), and keeps braces that are text", () => {
    expect(markdownProse("## Settings {#settings-asciidoc}\n\nText {#kept}.\n\n### Usage {: .note #usage } ###")).toBe("Settings\n\nText {#kept}.\n\nUsage");
    expect(markdownProse("## Sets {a, b}\n## Map {}\n## Type {T}\n## Obj {a.b}")).toBe("Sets {a, b}\nMap {}\nType {T}\nObj {a.b}");
    // Svelte's blocks and a format spec are text, on a line of their own or after a heading; so is an escaped list.
    expect(markdownProse("{#each items as item}\n{:.2f}\n## Using {#each items}\n## Braces \\{#id}")).toBe(
      "{#each items as item}\n{:.2f}\nUsing {#each items}\nBraces {#id}",
    );
    // MkDocs' attr_list: key=value pairs and data- attributes, quoted values with blanks, ids and classes among them.
    expect(markdownProse('## 1.0.0 July 14, 2020 { id="1.0.0" }\n## Changes { data-search-exclude }\n## Utility { data-toc-label="Util ities" #util }')).toBe(
      "1.0.0 July 14, 2020\nChanges\nUtility",
    );
  });

  it("drops a wiki embed, which shows another file, and keeps wiki links as written (measured: see WIKI_EMBED)", () => {
    expect(markdownProse("See [[Setup]] and [[Setup#Proxies|the proxy notes]].")).toBe("See [[Setup]] and [[Setup#Proxies|the proxy notes]].");
    expect(markdownProse("A diagram: ![[flow.png]] and ![[Setup#Proxies]].")).toBe("A diagram: and .");
    expect(markdownProse("Use [[ -f $file ]] in bash.\n[[module.mounts]]\nsource = 'assets'")).toBe(
      "Use [[ -f $file ]] in bash.\n[[module.mounts]]\nsource = 'assets'",
    );
  });

  it("never grows the text and never throws, whatever the input", () => {
    for (const flavor of ["markdown", "mdx"] as const) {
      fc.assert(
        fc.property(
          fc.string({
            unit: fc.constantFrom(
              "[",
              "]",
              "(",
              ")",
              "!",
              "`",
              "<",
              ">",
              "*",
              "_",
              "#",
              "\n",
              " ",
              "a",
              "h",
              ":",
              "/",
              "|",
              "-",
              "\\",
              "{",
              "}",
              "'",
              '"',
              "=",
            ),
          }),
          (text) => {
            expect(markdownProse(text, {}, flavor).length).toBeLessThanOrEqual(text.length);
          },
        ),
        { numRuns: 2000 },
      );
    }
  });
});

describe("parseMarkdown: front matter and a changelog's versions", () => {
  it("takes no front matter from a line between rules whose key is words, not a name", () => {
    const parsed = parseMarkdown("---\nSee also: the FAQ\n---\n\nBody.");
    expect(parsed.frontMatter).toEqual({});
    expect(parsed.content).toBe("---\nSee also: the FAQ\n---\n\nBody.");
  });

  it("reads Hugo's TOML front matter as YAML's, its dates as written, and leaves a block that is not TOML in the text", () => {
    const parsed = parseMarkdown('+++\ntitle = "Image processing"\ndate = 2024-05-26\nweight = 10\n[params]\n  tags = ["images"]\n+++\n\nResize images.');
    expect(parsed.title).toBe("Image processing");
    expect(parsed.frontMatter).toEqual({ title: "Image processing", date: "2024-05-26", weight: 10, params: { tags: ["images"] } });
    expect(parsed.content).toBe("Resize images.");
    const notToml = "+++\nThree pluses, then words.\n+++\n\nBody.";
    expect(parseMarkdown(notToml)).toMatchObject({ frontMatter: {}, content: notToml });
    // An empty block is no front matter; an integer past 2^53 keeps its digits, and a date-time is an ISO string.
    expect(parseMarkdown("+++\n\n+++\n\nBody.")).toMatchObject({ frontMatter: {}, content: "+++\n\n+++\n\nBody." });
    expect(parseMarkdown("+++\nid = 12345678901234567890\nat = 2024-05-26T10:00:00+02:00\n+++\n\nBody.").frontMatter).toEqual({
      id: "12345678901234567890",
      at: "2024-05-26T10:00:00.000+02:00",
    });
  });

  it("reads a heading's template tags as the page shows them, and without its attribute list", () => {
    const parsed = parseMarkdown("# Options {{< new-in 0.140.0 />}}\n\nText.\n\n## {{% badge %}}Beta{{% /badge %}} features\n\nMore.");
    expect(parsed.title).toBe("Options");
    expect(parsed.sections.map((s) => s.headings.join(" › "))).toEqual(["Options", "Options › Beta features"]);
    const attributes = parseMarkdown("# C# {#c-sharp}\n\n## Usage {: .note #usage }\n\n## Install {.unnumbered}\n\n## Sets {a, b}\n");
    expect(attributes.sections.map((s) => s.headings.at(-1))).toEqual(["C#", "Usage", "Install", "Sets {a, b}"]);
    // Code in a heading is code: its braces, tags and brackets stay; a heading underlined keeps what it says.
    const code = parseMarkdown("## Hex `{:#x}`\n\n## The `{% raw %}` tag\n\n## `f(x[, y][z])`\n\nSettings {#s}\n---\n\n## Diagram ![[x.png]]\n");
    expect(code.sections.map((s) => s.headings.at(-1))).toEqual(["Hex {:#x}", "The {% raw %} tag", "f(x[, y][z])", "Settings {#s}", "Diagram"]);
    // A cross-reference that the site resolves (mkdocstrings' autorefs), with no definition in the file, shows its
    // text.
    const references = parseMarkdown(
      "## Using [Field()][pydantic.Field] here\n\nx\n\n## [Unpack][typing.Unpack] alone\n\n## f(x[, y][, z])\n\n## options[headers][name]\n",
    );
    expect(references.sections.map((s) => s.headings.at(-1))).toEqual(["Using Field() here", "Unpack alone", "f(x[, y][, z])", "options[headers][name]"]);
  });

  it("ends a version's hold on the headings of its level at the next version", () => {
    const changelog = "## [9.0.7] (2026-11-06)\n\n## Bug Fixes\n\n- Fix y.\n\n## [9.0.6] (2026-11-01)\n\n- Fix z.\n";
    expect(parseMarkdown(changelog).sections.map((s) => s.headings.join(" › "))).toEqual([
      "[9.0.7] (2026-11-06)",
      "[9.0.7] (2026-11-06) › Bug Fixes",
      "[9.0.6] (2026-11-01)",
    ]);
  });
});
