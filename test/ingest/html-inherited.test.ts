import { describe, expect, it } from "vitest";
import { parseHtml } from "../../src/ingest/loaders/index.js";

// A class's page lists again what it inherits, from its ancestors' pages: read there, a question about such a member
// would find every subclass before the class that documents it.
describe("parseHtml: members a class inherits", () => {
  it("reads Doxygen's member table without the rows under an 'inherited from' header, which a click shows", () => {
    const row = (name: string, inherit: string) =>
      `<tr class="memitem:${name}${inherit}"><td class="memItemLeft">Scalar </td><td class="memItemRight"><a href="#${name}">${name}</a> () const</td></tr>
<tr class="memdesc:${name}${inherit}"><td class="mdescLeft"></td><td class="mdescRight">The ${name} of the matrix. </td></tr>`;
    const page = (header: string) =>
      parseHtml(`<html><head><title>Eigen: Eigen::Matrix Class Template Reference</title></head><body><div class="contents">
<table class="memberdecls"><tr class="heading"><td colspan="2"><h2 class="groupheader">Public Member Functions</h2></td></tr>
${row("rows", "")}
${header}
${row("cwiseAbs", " inherit pub_methods_classEigen_1_1MatrixBase")}
</table></div></body></html>`).content;
    const inherited = page(
      `<tr class="inherit_header pub_methods_classEigen_1_1MatrixBase"><td colspan="2" onclick="javascript:toggleInherit('pub_methods_classEigen_1_1MatrixBase')"><img src="closed.png" alt="-"/>&#160;Public Member Functions inherited from <a class="el" href="classEigen_1_1MatrixBase.html">Eigen::MatrixBase&lt; Derived &gt;</a></td></tr>`,
    );
    expect(inherited).toContain("The rows of the matrix.");
    expect(inherited).not.toContain("cwiseAbs");
    expect(inherited).not.toContain("inherited from");
    // Rows classed so in a table with no such header are the table's own.
    expect(page("")).toContain("The cwiseAbs of the matrix.");
  });

  it("leaves Doxygen's 'Additional Inherited Members' heading out with its table, when nothing but inherited rows is under it", () => {
    const table = (own: string) =>
      parseHtml(`<html><head><title>Eigen: Eigen::GMRES Class Reference</title></head><body><div class="contents">
<h2 class="groupheader">Detailed Description</h2><p>A GMRES solver.</p>
<table class="memberdecls"><tr class="heading"><td colspan="2"><h2 class="groupheader"><a id="inherited"></a>Additional Inherited Members</h2></td></tr>
<tr class="inherit_header pub_types_structEigen_1_1EigenBase"><td colspan="2"><img src="closed.png" alt="-"/>&#160;Public Types inherited from <a class="el" href="structEigen_1_1EigenBase.html">Eigen::EigenBase&lt; Derived &gt;</a></td></tr>
<tr class="memitem:a55 inherit pub_types_structEigen_1_1EigenBase"><td class="memItemLeft">typedef Eigen::Index </td><td class="memItemRight">Index</td></tr>
${own}</table>
<h2 class="groupheader">Member Function Documentation</h2><p>solve() solves.</p></div></body></html>`);
    const alone = table("");
    expect(alone.content).not.toContain("Additional Inherited Members");
    expect(alone.sections.map((s) => s.headings.at(-1))).toEqual(["Detailed Description", "Member Function Documentation"]);
    // A row of the class's own keeps the table and its heading.
    const mixed = table(`<tr class="memitem:a66"><td class="memItemLeft">int </td><td class="memItemRight">iterations</td></tr>`);
    expect(mixed.content).toContain("Additional Inherited Members");
    expect(mixed.content).toContain("iterations");
    expect(mixed.content).not.toContain("typedef Eigen::Index");
  });

  it("reads gi-docgen's collapsed lists of inherited methods, properties and signals out, and keeps a section of text that says 'inherited from'", () => {
    const parsed = parseHtml(`<main><h1>Gtk.Button</h1><p>A widget that emits a signal when clicked.</p>
<h4>Instance methods</h4><h6><a href="method.Button.get_label.html">gtk_button_get_label</a></h6><p>Fetches the text from the label.</p>
<div class="toggle-wrapper default-hide ancestor-methods"><h5 style="display:block;">Methods inherited from <a class="external" href="javascript:void(0)">GObject</a> (43)</h5>
<div class="docblock"><h6><a class="external" href="javascript:void(0)">g_object_notify</a></h6><p>Emits a notify signal.</p></div></div>
<section><h4>Behaviour inherited from GtkWidget</h4><p>A button is a widget.</p><p>It is drawn as one.</p><p>It takes focus.</p><p>It grabs the pointer.</p></section></main>`);
    expect(parsed.content).toContain("Fetches the text from the label.");
    expect(parsed.content).not.toContain("g_object_notify");
    expect(parsed.content).not.toContain("Methods inherited from");
    expect(parsed.content).toContain("Behaviour inherited from GtkWidget\n\nA button is a widget.");
  });
});
