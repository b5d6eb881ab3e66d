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

  it("leaves out Scaladoc's groups of members by origin, each a heading alone a script fills: 'Inherited from AnyRef', 'Inherited by implicit conversion …'", () => {
    const parsed = parseHtml(`<body><div id="definition"><h1>Await</h1></div><div id="template">
<div id="allMembers"><div class="values members"><h3>Value Members</h3><ol><li><h4 class="signature">def result[T]</h4><p>Await the result.</p></li></ol></div></div>
<div id="inheritedMembers"><div class="parent" name="scala.AnyRef"><h3>Inherited from <a href="AnyRef.html">AnyRef</a></h3></div>
<div class="conversion" name="scala.Predef.Ensuring"><h3>Inherited by implicit conversion Ensuring from <a href="">Await</a> to <a href="Ensuring.html">Ensuring[Await]</a></h3></div></div>
</div></body>`);
    expect(parsed.content).toContain("Await the result.");
    expect(parsed.content).not.toMatch(/Inherited/);
    expect(parsed.sections.map((s) => s.headings.at(-1))).toEqual(["Await", "Value Members", "def result[T]"]);
  });
});

// A summary shown until the reader opens the full text it opens (Scaladoc's members), read once.
describe("parseHtml: a summary over the full text it begins", () => {
  const member = (short: string, full: string) =>
    parseHtml(`<body><h1>Future</h1><ol><li name="scala.concurrent.Future#isCompleted"><h4 class="signature">abstract def isCompleted: Boolean</h4>
<p class="shortcomment cmt">${short}</p><div class="fullcomment"><div class="comment cmt">${full}</div>
<dl class="paramcmts block"><dt>returns</dt><dd class="cmt"><p>true if completed</p></dd></dl></div></li></ol></body>`).content;

  it("reads Scaladoc's short comment out where the full comment opens with it", () => {
    const sentence = "Returns whether the future has already been completed with\n a value or an exception.";
    const content = member(sentence, `<p>${sentence}</p><p> Note: using this method yields nondeterministic dataflow programs.</p>`);
    expect(content.match(/Returns whether/g)).toHaveLength(1);
    expect(content).toContain("Returns whether the future has already been completed with a value or an exception.\n\nNote: using this method");
    expect(content).toContain("true if completed");
  });

  it("keeps a summary the next block does not open with, or opens with only in part of a word", () => {
    expect(member("Completes the future.", "<p>Fails the future.</p>").match(/Completes|Fails/g)).toEqual(["Completes", "Fails"]);
    expect(member("Tells whether it is done.", "<p>Tells whether it is done.x Other.</p>")).toContain(
      "Tells whether it is done.\n\nTells whether it is done.x",
    );
    expect(member("Tells whether it is done.", "<p>Tells whether it is done.</p>").match(/Tells/g)).toHaveLength(1);
    // The full text's paragraphs are apart, as a browser shows them, with no space between the tags.
    expect(member("Tells whether it is done.", "<p>Tells whether it is done.</p><p>Then more.</p>").match(/Tells/g)).toHaveLength(1);
  });

  it("keeps a paragraph set as a heading, a line without a sentence's end, and one over a block that holds a heading", () => {
    const kernel = parseHtml("<h1>CPU hotplug</h1><p>The STARTING section</p><p>The STARTING section is the callback range.</p>").content;
    expect(kernel).toBe("CPU hotplug\n\nThe STARTING section\n\nThe STARTING section is the callback range.");
    const glib = parseHtml(`<h1>Testing</h1><p>Returns TRUE if g_test_init() has been called.</p>
<div class="refsect3"><h4>Returns</h4><p>TRUE if g_test_init() has been called.</p></div>`).content;
    expect(glib.match(/has been called/g)).toHaveLength(2);
    // Text between them keeps the two apart.
    expect(parseHtml("<h1>T</h1><div><p>One two three.</p> and <p>One two three. Four.</p></div>").content.match(/One two three/g)).toHaveLength(2);
  });
});
