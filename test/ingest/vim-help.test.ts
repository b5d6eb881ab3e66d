import { describe, expect, it } from "vitest";
import { loadFile } from "../../src/ingest/loaders/index.js";
import { parsePlainText } from "../../src/ingest/loaders/text/structure.js";
import { isVimHelp } from "../../src/ingest/loaders/text/vim-help.js";

/** A plugin's help file as Vim's help-writing rules say to write one (`:help help-writing`). */
const HELP = `*myplug.txt*	Edit things faster

==============================================================================
1. Introduction					*myplug-intro*

MyPlug edits things.  See |myplug-usage|.

USAGE						*myplug-usage*

Type the keys.

==============================================================================
2. Commands					*myplug-commands*

:MyPlug {arg}						*:MyPlug*
			Run the plugin on {arg}.

							*g:myplug_width*
Default: 80.  The width of the window.

							*'myplugopt'*
'myplugopt'		boolean	(default off)
	Turns the plugin on.

:Nm {lhs}		|mapmode-n|		*:Nm*

:Vm {lhs}		|mapmode-v|		*:Vm*
			Map {lhs} in two modes at once.

 vim:tw=78:ts=8:noet:ft=help:norl:
`;

/** Each section as its heading path and the first line of its text. */
function outline(text: string): [string, string][] {
  return parsePlainText(text).sections.map((s) => [s.headings.join(" / "), text.slice(s.start, s.end).split("\n")[0] ?? ""]);
}

describe("Vim help files", () => {
  it("are known by the file's own tag on one of their first lines", () => {
    expect(isVimHelp(HELP)).toBe(true);
    expect(isVimHelp(["Vim documentation: fold", "", "main help file", "*fold.txt*   For Vim version 9.0."].join("\n"))).toBe(true);
    expect(isVimHelp(["A README", "", "*bold* text and *fold.txt*", "*notes.txt*"].join("\n"))).toBe(false);
    expect(isVimHelp([...Array.from({ length: 12 }, (_, i) => `line ${i}`), "*late.txt*\tToo far down"].join("\n"))).toBe(false);
  });

  it("head sections by the line after a separator, subsections by capitals, and entries by their tags", () => {
    expect(outline(HELP)).toEqual([
      ["", "*myplug.txt*\tEdit things faster"],
      ["Introduction", "1. Introduction\t\t\t\t\t*myplug-intro*"],
      ["Introduction / USAGE", "USAGE\t\t\t\t\t\t*myplug-usage*"],
      ["Commands", "2. Commands\t\t\t\t\t*myplug-commands*"],
      ["Commands / :MyPlug {arg}", ":MyPlug {arg}\t\t\t\t\t\t*:MyPlug*"],
      // A tag naming a variable heads the prose under it; a signature under its tags heads its entry.
      ["Commands / g:myplug_width", "\t\t\t\t\t\t\t*g:myplug_width*"],
      ["Commands / 'myplugopt'", "\t\t\t\t\t\t\t*'myplugopt'*"],
      // Entry lines in a row are one entry, the first one's.
      ["Commands / :Nm {lhs}", ":Nm {lhs}\t\t|mapmode-n|\t\t*:Nm*"],
    ]);
    // Titled by what its first line says it is about; Vim's own files, whose first line gives the version, by their
    // first heading.
    expect(parsePlainText(HELP).title).toBe("Edit things faster");
    expect(parsePlainText(HELP.replace("Edit things faster", "For Vim version 9.0.  Last change: 2023 Jan 29")).title).toBe("Introduction");
  });

  it("take a plugin's fold markers out of its titles, and leave the footer after the last separator without one", () => {
    const rule = "=".repeat(78);
    const text = `*p.txt*\tP\n\n${rule}\nBrowsing {{{1\t\t*p-browse*\n\nText.\n${rule}\ntop - main help file\n\n`;
    expect(outline(text).map(([path]) => path)).toEqual(["", "Browsing"]);
  });

  it("read as text or as vim2html's page of one <pre>, under the page's heading", async () => {
    const [doc] = await loadFile("test/fixtures/sites/vim-docs/fold.html");
    const paths = (doc?.sections ?? []).map((s) => s.headings.join(" › "));
    expect(paths).toContain("Vim documentation: fold › Fold methods › MANUAL");
    expect(paths).toContain("Vim documentation: fold › Fold commands › OPENING AND CLOSING FOLDS › zo");
    expect(paths.every((p) => p.startsWith("Vim documentation: fold"))).toBe(true);
    expect(paths.some((p) => p.includes("main help file"))).toBe(false);
  });

  it("read in text as vim2html shows them: without example marks and column-heading tildes, with underlined titles", () => {
    const rule = "=".repeat(78);
    const text = [
      "*q.txt*\tQuirks",
      "",
      rule,
      "1. Usage ~",
      "",
      "To run it: >",
      "\t:Q",
      "<\t\t\t\t\t\t*q-opt* *q-option*",
      "Fast mode\t\tnumber (default 1)",
      "",
      "Buffers",
      "-------",
      "",
      "Text about buffers.",
      "-".repeat(78),
      "",
      "This long line after dashes is the first line of a paragraph and no title at all",
      "goes on here.",
      "",
      " vim:tw=78:ts=8:ft=help:norl:",
    ].join("\n");
    expect(outline(text).map(([path]) => path)).toEqual(["", "Usage", "Usage / Fast mode", "Usage / Buffers"]);
  });

  it("leave other plain text to the other rules", () => {
    const text = "Notes\n=====\n\n*bold* words here\t\t*not-a-tag-line*\n";
    expect(outline(text)).toEqual([["Notes", "Notes"]]);
  });
});
