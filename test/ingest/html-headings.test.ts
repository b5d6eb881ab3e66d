import { describe, expect, it } from "vitest";
import { entryHead, entryRunsOn, isEntrySignature, isLinkTarget } from "../../src/ingest/loaders/html/headings.js";
import { htmlElement as element } from "../support/html-tree.js";

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
});
