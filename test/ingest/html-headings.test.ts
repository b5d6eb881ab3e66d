import { describe, expect, it } from "vitest";
import { entryHead, entryRunsOn, headerTitle, isEntrySignature, isLinkTarget } from "../../src/ingest/loaders/html/headings.js";
import { PageTitle } from "../../src/ingest/loaders/html/title.js";
import { htmlElement as element, htmlTree } from "../support/html-tree.js";

describe("what heads an entry of a reference page", () => {
  it("takes a definition term for a link target by its list's id only when it is the list's one term", () => {
    expect(isLinkTarget(element('<dl id="opt-verbose"><dt>--verbose</dt><dd>Talk more.</dd></dl>', "dt"))).toBe(true);
    const two = '<dl id="options"><dt>--verbose</dt><dd>Talk more.</dd><dt>--quiet</dt><dd>Talk less.</dd></dl>';
    expect(isLinkTarget(element(two, "dt"))).toBe(false);
    // A group's id names its term inside a list only.
    expect(isLinkTarget(element('<section><div id="group"><dt>term</dt><dd>Its definition.</dd></div></section>', "dt"))).toBe(false);
  });

  it("takes a <pre> with a link target that opens a list item, more following, for the item's signature", () => {
    const entry = '<pre><a name="f"></a>int frob(int x)</pre><p>Effects: frobs x.</p>';
    expect(isEntrySignature(element(`<ul><li>${entry}</li></ul>`, "pre"))).toBe(true);
    expect(isEntrySignature(element(`<div>${entry}</div>`, "pre"))).toBe(false);
  });

  it("takes a paragraph that names a link target, and no other block, for the head of its entry", () => {
    const div = (head: string) => element(`<div class="top">${head}<div class="doc"><p>A JSON value.</p></div></div>`, "div.top");
    expect(entryHead(div('<p class="src">data <a id="t:Value">Value</a></p>'))?.tagName).toBe("P");
    expect(entryHead(div('<div class="src">data <a id="t:Value">Value</a></div>'))).toBeUndefined();
  });

  it("goes on with a one-term list when a bold label naming an entry's part follows, and only then", () => {
    const runsOn = (after: string, terms = "<dt>frob</dt><dd>Frobs a widget.</dd>") =>
      entryRunsOn(element(`<section><dl>${terms}</dl>${after}</section>`, "dl"), "dl");
    expect(runsOn("<p><b>Parameters</b></p><p>x: the widget.</p>")).toBe(true);
    expect(runsOn("<p><b>Parameters</b></p>", "<dt>frob</dt><dd>Frobs.</dd><dt>twiddle</dt><dd>Twiddles.</dd>")).toBe(false);
    // A table stops it; a label that is not a paragraph's, or a bold word in a sentence, is no label.
    expect(runsOn("<table><tr><td>x</td></tr></table><p><b>Parameters</b></p>")).toBe(false);
    expect(runsOn("<div><b>Parameters</b></div>")).toBe(false);
    expect(runsOn("<p><b>Description</b> of the driver follows below</p>")).toBe(false);
  });

  it("takes a term detached from any list for no link target", () => {
    expect(isLinkTarget(element("<dl><dt>frob</dt><dd>Frobs a widget.</dd></dl>", "dt").remove())).toBe(false);
  });

  it("does not run a detached one-term list on", () => {
    expect(entryRunsOn(element("<dl><dt>frob</dt><dd>Frobs a widget.</dd></dl>", "dl").remove(), "dl")).toBe(false);
  });
});

describe("headerTitle: the element of class 'title' in a page's header that names the page", () => {
  /** The id of the element headerTitle takes in a page titled "Acme Docs" whose body is `body`. */
  const titleIn = (body: string) => {
    const page = htmlTree(`<html><head><title>Acme Docs</title></head><body>${body}</body></html>`);
    return headerTitle(page, new PageTitle(page))?.id;
  };

  it("takes a title element that is no heading, though a heading of class 'title' stands beside it", () => {
    expect(titleIn('<div class="header"><h2 class="title">Widgets</h2><div class="title" id="name">Widget Class Reference</div></div>')).toBe("name");
  });

  it("takes no title element holding a block other than a <div> (a list of its groups), but one holding a <div> trail of links", () => {
    const list = '<ul><li><a href="group.html">Widgets</a></li></ul>';
    expect(titleIn(`<div class="header"><div class="title" id="name">Widget Class Reference${list}</div></div>`)).toBeUndefined();
    const trail = '<div class="ingroups"><a href="group.html">Widgets</a></div>';
    expect(titleIn(`<div class="header"><div class="title" id="name">Widget Class Reference${trail}</div></div>`)).toBe("name");
  });
});
