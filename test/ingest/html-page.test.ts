import { describe, expect, it } from "vitest";
import { findContentRoot, headingTargets } from "../../src/ingest/loaders/html/page.js";
import { htmlTree } from "../support/html-tree.js";

const TEXT = "<p>The module's functions format and parse dates, and each takes an optional locale as its last argument.</p>";

/** The tag and id of the content root findContentRoot finds in `html`. */
function rootOf(html: string): string | undefined {
  const root = findContentRoot(htmlTree(html));
  return root === undefined ? undefined : `${root.tagName.toLowerCase()}${root.id === "" ? "" : `#${root.id}`}`;
}

describe("findContentRoot: the element that holds the page's own text", () => {
  it("widens a lone <article> to the block that holds the page's one <h1>, and nothing else", () => {
    expect(rootOf(`<body><div id="main"><h1>Module: util</h1><section><article>${TEXT}</article></section></div></body>`)).toBe("div#main");
    // Not with two <h1>s, not past a block with navigation, not to the whole body, and never a <main>.
    expect(rootOf(`<body><div id="main"><h1>util</h1><h1>Module: util</h1><article>${TEXT}</article></div></body>`)).toBe("article");
    expect(rootOf(`<body><div id="main"><nav>Part three of the guide</nav><h1>Module: util</h1><article>${TEXT}</article></div></body>`)).toBe("article");
    expect(rootOf(`<body><h1>Module: util</h1><article>${TEXT}</article></body>`)).toBe("article");
    expect(rootOf(`<body><div id="wrap"><h1>Module: util</h1><main>${TEXT}</main></div></body>`)).toBe("main");
  });
});

describe("headingTargets: the fragments that lead to a heading", () => {
  it("counts an empty anchor before a heading across the white space between them, and a wrapper the heading opens", () => {
    const targets = headingTargets(htmlTree('<div><a name="before"></a>\n<h2>Title</h2><section id="wrapped"><h3>Part</h3><p>Text.</p></section></div>'));
    expect([...targets].sort()).toEqual(["before", "wrapped"]);
  });
});
