import { describe, expect, it } from "vitest";
import { type JsxTag, scanJsxTag } from "../../src/ingest/chunking/jsx-tag.js";

const OPEN: JsxTag = { depth: 0, quote: undefined };

describe("scanJsxTag: the strings an MDX tag holds, for the embedder", () => {
  it("reads a backslash-escaped quote as part of its string", () => {
    const line = 'Callout text="Say \\"hi\\" first" /> after';
    expect(scanJsxTag(line, 0, OPEN)).toEqual({ end: line.indexOf(" after"), tag: undefined, strings: 'Say "hi" first' });
  });

  it("hides a presentational attribute's braces and shows the attributes after them", () => {
    expect(scanJsxTag('Box style={{ fontFamily: "Helvetica Neue" }} label="Go" />', 0, OPEN).strings).toBe("Go");
  });

  it("hides a presentational key's string only while it is the key's value", () => {
    // `? "Night mode"` is not `color`'s own string: the `?` between them ends what `color:` names.
    expect(scanJsxTag('Chip items={[{ color: dark ? "Night mode" : "Day mode" }]} />', 0, OPEN).strings).toBe("Night mode Day mode");
  });

  it("keeps the text of an attribute's string that goes on past the line, and carries it to the next line", () => {
    const first = scanJsxTag('Note title="A title that goes', 0, OPEN);
    expect(first.strings).toBe("A title that goes");
    expect(first.tag).toEqual({ depth: 0, quote: '"', hidden: false, hiddenFrom: undefined });
    expect(scanJsxTag('on to the next line" />', 0, first.tag as JsxTag)).toEqual({ end: 23, tag: undefined, strings: "on to the next line" });
  });

  it("keeps no text of a presentational string that goes on past the line, and carries that it is hidden", () => {
    const first = scanJsxTag('Note className="wide', 0, OPEN);
    expect(first.strings).toBe("");
    expect(first.tag).toMatchObject({ quote: '"', hidden: true });
    expect(scanJsxTag('dark" title="Shown" />', 0, first.tag as JsxTag).strings).toBe("Shown");
  });

  it("ends a quoted string inside braces with its line, as JavaScript does, but not a template literal", () => {
    expect(scanJsxTag("Demo run={() => isn't", 0, OPEN).tag).toEqual({ depth: 1, quote: undefined, hidden: false, hiddenFrom: undefined });
    expect(scanJsxTag("Demo code={`const a = 1;", 0, OPEN).tag).toEqual({ depth: 1, quote: "`", hidden: false, hiddenFrom: undefined });
  });
});
