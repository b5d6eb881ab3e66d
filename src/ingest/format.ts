/**
 * Bumped when loaders or chunking change what a file yields, so that a file whose bytes are unchanged is read
 * again after an upgrade. 2: generic HTML cleaning, clean chunk content with a context header. 3: HTML definition
 * terms that are link targets head their entries. 4: a context header names a heading once where it begins
 * with its neighbour, a page title is shortened to the page's first heading of any level, and more chrome is
 * recognised (script and pointer links, toggle summaries, pager bars, generator credits, tooltips' hover text),
 * and a Markdown chunk is measured and embedded as its prose (no link targets or markup). 5: plain text has
 * headings (underlined titles, reStructuredText object descriptions), `.rst` and `.adoc` files are read, and a
 * PDF's outline (bookmarks) gives it headings. 6: a Markdown chunk's HTML comments are neither measured nor
 * embedded, and a chunk with nothing left to embed is dropped. 7: `.mdx` files are read (their prose without
 * imports and JSX markup), and a Markdown container directive (`:::tip Title`) gives the embedder its title only.
 * 8: MDX prose keeps a tag's strings apart from the text beside it and drops links and paths in props, a code span
 * that holds `<!--` is code, and a chunk whose code reads like MDX out of context is still cut to the size. 9: a
 * `.md` file with top-level `import`/`export` paragraphs or JSX component blocks is read as MDX. 10: an HTML link
 * that runs a script and names something (a cross-reference drawn by script) is text, wherever it stands. 11: a
 * long column of links beside the page and a layout table of links are chrome. 12: so is a block of links whose
 * id has a chrome word as a part (`global-nav`). 13: a chunk of nothing but its title and headings is dropped, not
 * only one of a single heading. 14: a link list beside a heading wrapped in `<div>`s is text, and so is a link that
 * is a list item's whole text through inline wrappers. 15: a bar of links to the page in other languages is chrome,
 * and so is a "page-header" of the site's name beside an `<h1>`; a footer or language bar beside a link bar does not
 * make the bar text; a title whose first part the `<h1>` holds ("mod_rewrite - Site" over "Apache Module
 * mod_rewrite") is the `<h1>`. 16: a page-level `<header>` that holds the page's first `<h1>`, the one the title
 * begins with, is text (gi-docgen's); MediaWiki's tagline and subtitle, and a few words styled as a button
 * (class "btn"), are chrome. 17: a list of nothing but links into the page (its table of contents) is chrome. 18:
 * so is MediaWiki's category box. 19: a PDF page's running head and foot are left out. 20: a PDF whose document
 * info has no title, or only a file name ("float.dvi"), takes its first line as its title. 21: a word a PDF
 * hyphenates at a line's end is joined again. 22: a PDF's spacing accents go on the letter after them
 * ("Schr¨oder" reads "Schröder"), its control characters are dropped, and a book's heads that alternate over
 * left- and right-hand pages without a page number are running heads too. 23: two pieces of a PDF line that stand
 * apart (a margin note, a table's next cell) are two words. 24: a review's mends: a PDF's rows of numbers, numbered
 * titles of one page and bare numbers are no running heads, compounds broken at a hyphen keep it, apostrophes are
 * no accents; an HTML header holds the page's name only as the title's first part, a heading is text whatever its
 * id, and a button-styled word in a sentence is text. 25: a PDF without a title in its document info takes the line
 * its first page sets in display type, before its first line. 26: an HTML title that puts the site's name in
 * brackets ("HashMap (Java SE 17 & JDK 17)", "Aliases (Bash Reference Manual)") is the heading that holds its first
 * part; a Sphinx term and its classifier are kept apart by a colon ("how : str"), and two sibling spans by a space
 * where both are words. 27: an HTML `<br>` inside `<pre>` breaks the line; an empty span between words, and a
 * superscript number after one ("2^64", "tables^1"), sets them apart; an `<h1>` of nothing but the site's name is
 * chrome when another `<h1>` names the page; a section whose heading follows an empty anchor is content whatever
 * its id; a page without `<title>` or `<h1>` is titled by the heading it opens with. 28: a code listing's lines
 * are never chrome, however many of their names link (Doxygen's `div.fragment`). 29: Markdown headings leave out
 * their badges, a file of several `# h1`s has no title from them, an HTML `<h1>`–`<h6>` block is a heading; a
 * Markdown chunk's prose drops reference-style images' markup, `===` underlines and padding, and reads `<br>`,
 * `<sup>` numbers and character references. 30: a first
 * `# h1` with sections of its own is the file's title though other h1s follow. 31: a Markdown code fence indented
 * under a list item is code. 32: a Markdown link whose text wraps a line loses its target in the prose.
 * 33: a review's mends: a site-name `<h1>` is chrome only when linked whole or beside an `<h1>` with the page's
 * name; a block with a heading is no code listing; sibling spans are set apart only when of one kind, never in
 * code or between Japanese or Thai characters; an empty span only after an element; a superscript's mark only
 * before a number it holds (`10^-324`). 34: the review's Markdown mends: a fence opens at three spaces' indent at
 * most again (31's deeper fences could leave one open to the end of a file); a wrapped link's "[" is sought outside
 * code spans and its "](" only after one; a heading's closing `#`s are found in linear time, on headings only;
 * character references are decoded by the `entities` package; an h1 is the title when its section holds 60% of
 * the file; an HTML heading of nothing but a logo, or of MDX's JSX, is no heading; a notebook's cells are closed
 * off from each other. 35: a file with no title inside it is titled by its name (a generic one after its folder's).
 * 36: a page without an `<h1>` is headed by its header's `title` element (Doxygen's class name under a project's
 * own header); Doxygen's code tooltips are hover text. 37: plain text's numbered outline ("1.2 What is cURL?"),
 * lines in capitals ("USAGE:") and banners ("--- Licencing ---") are headings. 38: a Markdown changelog's versions
 * are one level, and a bare version heading holds the same-level sections after it ("### Bug Fixes"). 39: a listing's
 * line numbers are left out; a list's only term heads its entry when the list's wrapper is the link target
 * (Asciidoctor); a Doxygen fragment keeps its indentation; a header's title heads a page, over its `<h1>`s too, only
 * where the `<title>` does not name the page, and without the trail of links inside it. 40: qdoc's breadcrumb and
 * prev/next bars, bars of index letters and RDoc's "click to toggle source" are chrome; an element classed
 * "…-heading" heads a section (RDoc's methods); a title "X: X" says X. 41: a signature laid out as a table
 * (Doxygen's `table.memname`) is one line. 42: a list item that opens with a `<pre>` holding a link target heads
 * its entry with it (BoostBook's member functions). 43: a review's mends: a list of steps, a number in a sentence,
 * "1.1: Scope" and a span in a sentence are no headings; a blog post's header title does not head the page; a list of
 * short names and a year beside code stay; a lower-case "install" is no documentation. 44: a heading inside an
 * `<article>` or `<section>` that outranks the one opening it is its sub-section (Erlang's "Types"); a `<div>` opened
 * by a paragraph holding a named link target is an entry headed by it (Haddock's); a "Source" link ends no heading.
 * 45: a file read as text by its name ("changelog.gz", "README") is read as Markdown when its head is Markdown.
 * 46: a formula reads as its TeX (KaTeX's annotation, an image's TeX alt text), once. 47: a definition term that
 * opens with a named anchor heads its entry (Postfix's parameters, the Apache glossary); an `<h7>` is an `<h6>`.
 * 48: a review's mends: headings moved inside a section keep their nesting; a div of several naming paragraphs is
 * no entry; a heading's last linked word stays unless it is a same-site "Source" before a self-link; a hidden
 * formula image is left out; a `# command` line is no Markdown heading; a broken second gzip member fails the file.
 * 49: HTML is rebuilt by the HTML standard's rules (parse5) before it is read, so that unclosed tags nest as a
 * browser nests them. 50: a lone `<article>` read as the content takes in the page's only `<h1>` beside it (JSDoc);
 * a title that is a site's name, a separator and the page's heading is the heading ("JSDoc: Module: x", "R: Stats").
 * 51: a badge (an element classed "…tag", "…badge", "…pill" or "…chip") stands apart from the words beside it.
 * 52: a review's mends: a page is read without the standard's rebuild where it would build far more elements than
 * the page has tags, leave an element that swallows the rest open (an `<object>` in prose), or misread XML's `<div/>`;
 * a "Site: Page" title needs a space after its colon ("std::vector" stays); a blog's logo `<h1>` with links beside it
 * stays out of its article. 53: a manual page that would be titled "NAME" is titled by its name line (pod2html).
 * 54: a `<details>` of nothing but headings and links to the page's own headings is its index (TypeDoc's).
 * 55: a box classed "sidebar" beside a section's paragraphs, mostly text, is text (DocBook's and docutils'
 * sidebars); a whole id or class "banner" is the page's head; a definition term's id never marks it as chrome; a
 * term grouped with its definition in a `<div>` with an id heads its entry (Nim), as does one whose anchor follows
 * a bracketed label (SWI-Prolog); pager links with arrows ("← prev", "next->") or naming the book's top or table of
 * contents are a pager's; "This document was translated from LaTeX by HeVeA" is a generator's credit. 56: a link
 * that is a pager's by its words and by its class or `rel` is dropped wherever it stands (Exim's loose links). 57: a
 * review's mends: a sidebar is text only after a heading of its own parent; only an id "banner" is chrome, and not
 * when it holds a heading; a translator's credit stays; a link classed as a table of contents' is a pager's. 58: a
 * bare "Edit" to a repository's editor, and "Suggest an edit", point elsewhere (Nim's). 59: a page whose text is
 * almost all links to other pages (a site's index or table of contents) is read without its blocks of links. 60: an
 * entry whose list closes before its parts ("Parameters", "Description": kernel-doc's) runs on to the next entry.
 * 61: a review's mends to 59: links off the site, and links of sentences, make no index; an index's block of links
 * keeps a paragraph of its own, a listing and terms that head entries. 62: a page-level `<header>` holding the page's
 * only `<h1>`, which names what the title names in other words, is the page's own (odoc's module preamble). 63: a
 * bulleted list item that opens with a heading or an entry drops its bullet, which ended the section before as "-".
 * 64: a `<dl>` of nothing but links to the page's headings is its table of contents (man2html's), and an empty
 * anchor closing the block before a heading leads to it. 65: a few words before the heading that names the page
 * (Javadoc's module and package) join that heading's first chunk instead of making one of their own. 66: each
 * document's metadata says its `language` (see {@link withLanguage}). 67: an HTML page that shows a program's source
 * file line by line is told (`sourceListing`), and left out of a folder's run. 68: so is a page of highlighted code
 * that links to the site's pages (Sphinx's `_modules/`, Haddock's `src/`). 69: a release history's metadata says
 * `changelog: true` (see {@link withReleaseHistory}). 70: a page of a site's translation that repeats, untranslated,
 * the page it mirrors in another language is left out of a folder's run (see {@link TranslationMirrors}). 71: a
 * Markdown chunk of tags alone outside code (`</PagesOnly>`, `<docmeta …>`) has nothing to embed, and goes. 72: a
 * Markdown file that opens with a banner, a centred HTML h1 with a heading right under it, starts under it. 73: a
 * scrap of a paragraph (under a quarter of the size) and the chunk it was cut from are cut again near their middle
 * (`chunking/balance.ts`). 74: a review's mends to both: scraps cut at a line break are cut again only at one, the
 * halves stay in order with overlapping chunks and are trimmed of any whitespace; a banner must be its block's only
 * text, over the page's one top heading, which then titles the page. 75: a Markdown table of contents (list items
 * of nothing but a link into the page, and the label over them) is not prose, as HTML's is chrome since format 17.
 * 76: a JSON record's text is read in the format its `format` field names, or as Markdown or HTML under a `markdown`
 * or `html` key. 77: an HTML page that is a back-of-book index (names with their places linked beside them or under
 * them: DocBook's, Exim's, Sphinx's genindex, Doxygen's member indexes) is an index of other pages, and a banner
 * `<h1>` linking home that the `<title>` does not say is chrome. 78: a page-level block stands amid the text only
 * when some other block beside it is text, so an `<aside>` around one paragraph beside the page is chrome. 79: a PDF's
 * page number with its label or dashes ("Page 4 of 10", "- 4 -") is read as that page's number, so such feet go.
 * 80: a banner `<h1>` linking home is chrome also when the title says it as the site's part ("Install | Acme Docs").
 * 81: a label naming a listing's language (VitePress's "sh") is chrome, and so is any short link to the repository's
 * editor that begins "Edit" ("Edit page", Starlight's). 82: a heading that opens a callout box (Docsy's alert) heads
 * the box alone, and the text after the box is its section's again. 83: Antora's " :: " separates a title's parts,
 * and a table cell is set apart by "|" only after a cell of its row that wrote text (no bar after an icon's cell).
 * 84: the block of class "title" that a page's body opens with (Google Docs' Title style) heads a page without a
 * `<title>` that says it. 85: Markdown's prose keeps a footnote's text (`[^1]: …`, dropped as a link reference
 * definition before) without its marks, and reads a GitHub alert's `[!NOTE]` as "Note". 86: a space after a "·" that
 * opens a line is kept (Word's list bullets read "· Item", not "·Item"). 87: format 78's rule is the aside's alone
 * again: a paragraph of links with no other text beside it (a collapsible "See also") is text, as before 78. 88: format
 * 83's table cells undone: a cell after an empty one is set apart by "|" again, so a header row stays over its columns.
 * 89: only a real heading (or a header's title) is the page's first `<h1>`, not a callout's or an entry's head.
 * 90: format 84's title block heads only a page without a `<title>`, not one whose `<title>` says something else.
 * 91: " :: " also parts the title where a header is weighed against it (a header that says its first part is kept).
 * 92: a PDF line longer than a running line can be, blanks and all, is no page number (the patterns took quadratic
 * time on a long run of blanks). 93: patterns that took super-linear time on hostile text are linear: a Markdown code
 * span opens with a whole run of backticks ("```js" inside a list keeps its three), and an unclosed tag, script, style
 * or comment runs to the page's end where a page's text is compared with its source's. 94: Markdown's site-generator
 * and note-app markup reads as the built page shows it (see `chunking/site-markup.ts`): Hugo's TOML front matter
 * (`+++`) is front matter; Hugo's shortcodes and Liquid's tags show only their words (a caption, an include's
 * content), a one-line `{% raw %}` its text as written and `{% comment %}` nothing; a link to a template expression
 * keeps its text; a wiki embed (`![[diagram.png]]`) goes; an attribute list goes, after a heading (`## Settings
 * {#settings}`, `{ id="1.0.0" }`) or on a line of its own; MkDocs' markers (`/// tip | Title`, `!!! note "Title"`,
 * `=== "Tab"`) show only their titles, and its include lines and VitePress's code import (`<<< @/snippets/x.js`) go;
 * a `<script>` or `<style>` block goes to its closing tag, as a comment does; MyST's `:::{note}` reads as `:::note`;
 * an undefined reference link in a heading (`[Field()][pydantic.Field]`) shows its text, while `x[a][b]` after a
 * word is an index, in the heading path and in the prose. 95: an AsciiDoc title under comment lines (`// REVIEW …`
 * over `= Installation`, or over a block id over `== Configuration`) is a title, as AsciiDoc skips comment lines.
 * 96: AsciiDoc's conditionals (`ifdef::git-pull[]` … `endif::[]`) are evaluated where includes are read (see
 * `includes/conditionals.ts`): a branch whose test fails is left out, and the directive lines are not shown.
 * 97: a Hugo shortcode written over several lines (`{{< figure` over its arguments, then `>}}`) shows the words
 * its arguments show (a caption, an alt text), as one written on one line does, not its lines as written.
 * 98: Sphinx's `.. only::` directives are evaluated as for an HTML build where includes are read (see
 * `includes/sphinx-only.ts`): a PDF's branch (`.. only:: latex`) is left out, an HTML one's shown, the line gone.
 * 99: an AsciiDoc part is read where its `include::` line stands, so that the attributes it sets hold for the lines
 * after it in the including file (a shared `attributes.adoc` included at the top of each page), as in Asciidoctor.
 * 100: AsciiDoc's attribute references (`{product}`, `HEAD{caret}`) are replaced where includes are read, by an
 * attribute set above or Asciidoctor's own, but in verbatim blocks and passthroughs (`includes/attribute-references.ts`).
 * 101: a two-line section title's underline (Git's `OPTIONS` over `-------`) opens no listing block there, and an
 * indented paragraph in a list (under Git's `--option::` terms) is the item's text, not a literal paragraph.
 * 102: in Markdown, the line that closes a link whose text wraps may open the next such link ("UI](/docs/ui) and
 * [AI SDK" over "RSC](/docs/rsc)"): that one loses its target too; a link's text may wrap over up to five lines, and
 * hold a pair of brackets of its own (`[@pr-submit[bot]](…)`); a Liquid tag over several lines (`{% include x.html`
 * over its arguments, then `%}`) reads as a Hugo shortcode does since 97.
 * 103: AsciiDoc's attribute references are replaced in a listing or literal block whose attribute line adds them
 * (`[source,subs="attributes+"]`), as install commands that name a version write them.
 * 104: a Markdown heading's (and so a title's) character references are the characters a page shows (`# Tough
 * Cookie &middot;` is "Tough Cookie ·", `2nd&ndash;4th` "2nd–4th"), as the prose already read them.
 * 105: a label (a definition's term, "changes()", "compat42", "-n": one short line ending no sentence) is no longer
 * left alone at a chunk's end or as a chunk of its own: it heads the chunk of the text it names
 * (`chunking/balance.ts`).
 * 106: where a label leaves a chunk whose rest the chunk before it holds already (chunks overlap), that rest is no
 * longer a chunk of its own, held whole by another (14 of the 77,517 chunks of the fifteen built sets).
 * 107: a Markdown file's first h1 that names the file ("# deepmerge" in deepmerge/README.md) is its title, over a
 * longer h1 after it ("# API"); before, the title was the h1 holding 60% of the text, or none.
 * 108: DocBook's admonitions and sidebars (`<div class="note"><h3 class="title">Note</h3>`) and the Apache manual's
 * note, warning and example boxes are callouts: their heading heads the box alone, not the text after it.
 * 109: a paragraph in an HTML table's cell (Docutils' HTML5 writer puts one in each) is the cell's text on its row's
 * line ("str or ch | Display the string"), where each cell was a paragraph of its own and a row could span chunks.
 * 110: HTML's zero-width spaces, soft hyphens and word joiners are left out, as the page shows none: kept, they split
 * a word in two for the keyword index ("QT_AUTO_SCREEN\u200b_SCALE_FACTOR", cppreference's "returns \u200btrue").
 * 111: the lines of code mdBook hides until the reader asks (`<span class="boring">fn main() {</span>` around a Rust
 * book's example) are left out, as other hidden elements are.
 * 112: a table cell's paragraph is the cell's text only when it is all the cell holds (109 joined a layout table's
 * paragraphs into one line); Javadoc's summary tables, grids of `<div>`s, read a row a line, its cells "|" apart,
 * where each cell was a line of its own (`html/cells.ts`).
 * 113: Doxygen's project banner (`#titlearea`: "Eigen 3.4.0" over every page) and its footer's trail (`.navpath`)
 * are chrome.
 * 114: a table cell of nothing but pictures is no cell of its row's text: DocBook's admonition, an icon beside its
 * "Note" in a layout table, reads "Note", where it read "| Note".
 * 115: an HTML quotation (`<q>`) is set in the quotation marks a browser shows (“file”); an empty one ("defaults to
 * <q></q>") read as nothing.
 * 116: a PDF's dot leaders are left out with the page numbers they lead to ("3.1 Options . . . . . 5" reads "3.1
 * Options", an index's "\\edef . . . . 37, 40" reads "\\edef"): 9% of the LaTeX manuals' chunks held three or more.
 * 117: an HTML table of contents by its name (a class or id with "toc" as a part), links all but its label, is
 * chrome however much of the page it is: DocBook's chapter pages list their sections before a short introduction.
 * 118: no text is lost between chunks: a splitter's piece that shares more characters with the one before it than
 * the overlap (the splitter measures Markdown by its prose, without a URL's characters) is placed after it, not over
 * an earlier copy (Node.js's example written twice, for ES modules and CommonJS), and a chunk of fenced code is
 * content though its words are the page's title or headings (Sails' "### Usage" over "req.body;").
 * 119: a Markdown page's centred banner over several top sections is the site's name, not the title, when the first
 * section's heading names the file (Fastify's `<h1 align="center">Fastify</h1>` over "## Hooks" in `Hooks.md`).
 * 120: a chunk that is not Markdown is measured and embedded without its padding (a run of spaces inside a line one
 * space, none at a line's end), as Markdown's prose already was: pytest's plugin list, a table padded to 500
 * characters a row, was cut into half rows of spaces. A chunk of markup alone (a table's borders) is dropped.
 * 121: an HTML icon font's private-use glyphs read as their element's label (`aria-label`, else `title`), and are
 * left out where there is none: Django's console tabs read "Linux/macOS Windows", where they read "\uf17c/\uf179".
 * 122: a Vim help file (its first line the file's tag, `*fold.txt*`), as text or as the HTML page of one `<pre>`
 * that vim2html makes of it, has headings: a section's title after a line of `=`, a line in capitals, and an entry
 * by its tags (`:nm[ap] {lhs} {rhs}  *:nmap*`, a line of tags over `'autoindent' 'ai'  boolean`).
 * 123: a `<span>` of hidden spans alone, of which a script shows the one for the reader's system, is read whole, its
 * alternatives apart: LibreOffice's help read "press +Enter" and "choose - LibreOffice Calc - General", where it
 * now reads "Command / Ctrl+Enter" and "LibreOffice - Preferences / Tools - Options - LibreOffice Calc - General".
 * 124: man pages (`ls.1`, `curl_easy_setopt.3.gz`, `.man`) are read: roff with the man(7) or mdoc(7) macros, as a
 * terminal shows it, titled by the NAME line and headed by `.SH` and `.SS`. No file read before reads differently.
 * 125: man pages as mandoc and groff set them: an mdoc SYNOPSIS's usages and prototypes on lines of their own
 * ("f(int a, int b);"), an item's tag from `.It Xo` to `.Xc` on one line, a reference (`.Rs`) as "A and B, Title,
 * Journal, 2001.", `.Bx 4.4` as "4.4BSD", Greek letters (`\(*a`), and the characters `.tr` translates (pod2man's
 * `\*(--` reads "--", where it read "-").
 * 126: no blank line between a man page's heading and the paragraph, list or table right after it (roff's no-space
 * mode after `.SH`), a reference a page leaves open written at the next heading, and a `.Fa` line's arguments apart
 * by commas inside `.Fo`.
 * 127: GNU Info manuals (`coreutils.info.gz`, a split manual's `find.info-1.gz`) are read: each node's text as an
 * Info reader shows it, headed by its underlined heading, without menus, indexes or the tag table; and Perl's POD
 * (`perlintro.pod`), as perldoc shows it, headed by `=head1`–`=head6` and each entry's `=item` tag; and Org mode
 * (`notes.org`), as Org's export shows it, headed by its headlines; an HTML page that only sends its reader on (a
 * `<meta http-equiv="refresh">` to a URL, at most a sentence of text) is left out as an alias, where it was a
 * document (pandas' moved `DataFrame.from_csv` page); a page of highlighted code whose every line is an anchor (HsColour's
 * source pages in GHC's docs) is a source listing; each term of a definition list where some terms are anchored heads
 * its entry (texinfo's tables: zsh's builtins; 18 pages of the eval sets, psql's meta-commands among them); Scribble's
 * column of contents (`tocset`, Racket's docs) is left out; a footnote's mark set as a heading (texinfo's `<h5>(23)</h5>`)
 * heads nothing; a plain text in Emacs' outline mode (GNU's NEWS files: `-*- outline -*-`) is headed by its lines of
 * stars and titled by its first line; Haddock's "Source" links and "Instance details" labels in its instance tables are
 * left out. No other file reads differently.
 * 128: more indexes of other pages are read without their entries: a table of names and the pages they are in
 * (Haddock's `doc-index.html`), terms of a linked name, its kind and its page (gtk-doc's `api-index-full.html`,
 * whose terms stand outside any `<dl>`), and on any index page each entry of a block it did not leave out whole
 * (CMake's genindex kept "source file property" under "KEEP_EXTENSION": the one page of the eval sets that changed).
 * 129: a definition term right after another is its entry's other form even with an id of its own (texinfo's
 * `@deffnx` lines, Sphinx's grouped signatures: 34 Python pages, 6 CMake pages); texinfo's empty category leaves no
 * ": " before a heading; docutils' footnote labels and a "Table of Contents" heading head nothing; DocBook's
 * `guimenu` and `guisubmenu` names stay in the text; a script's link that is a heading's whole text stays (gi-docgen);
 * a title that only numbers its section, or whose bracketed site name holds brackets, gives way to the heading.
 * 130: members a class inherits, listed again on its page, are left out: Doxygen's rows under "… inherited from X"
 * (80 of Eigen's pages; its `Matrix` page read 45,754 characters, now 16,381) and gi-docgen's collapsed lists.
 * 131: an announcement over a site's header (Eigen's survey notice over all 275 pages) is left out; Doxygen's
 * "Additional Inherited Members" heading goes with its table when nothing but inherited rows is under it; a block
 * right in the `<body>` whose id ends in "-header" is read as a header is (Haddock's package caption, on every page);
 * a `<div>` that opens with a heading is a section, whose deeper headings that outrank its own are its sub-sections
 * (gi-docgen's description box: a class's constructors and methods no longer sit under its description's last `<h1>`);
 * code tabs that a script shows one of, none shown yet, are read (OpenCV's tutorials lost 878 of 893 listings); each
 * of several DocBook reference entries on one page is headed by its name line (PostGIS's one-page manual: 618); an
 * empty table cell amid a row holds its column ("cp720 |  | Arabic"; 554 pages of the eval sets, 487 of them C++'s);
 * docutils' footnote label with its back-references ("1(1,2)") and a citation's label head nothing (one CMake page);
 * a linked credit whose subject is the site or its gallery ("Gallery generated by Sphinx-Gallery") is a footer's;
 * Doxygen's member labels stand apart from the name before them ("cv::Tracker Class Reference abstract").
 * 132: a superscript that holds its note's text after the number (SWI-Prolog's footnotes, shown on hover) is read apart
 * from the words on either side ("infinite^120 We prefer …", not "infinite120We"; 89 of SWI-Prolog's pages, none of
 * the eval sets').
 * 133: a short note whose every link leads into a block left out by its name is left out too (sphinx-gallery's "Note:
 * Click here to download the full example code" over each example, a link to its download footer; 285 scikit-learn and
 * 115 scikit-image pages, none of the eval sets').
 * 134: a short notice before a page's first heading whose every link leads to the page's own file on another site is
 * left out (Celery's "This document describes the current stable version of Celery (5.2). For development docs, go
 * here." on 348 of its 351 pages, Kombu's on 151); Sphinx's "<no title> — Site" is no title, so the file's name is
 * (three pages of the eval sets, include fragments of the kernel's and Python's).
 * 135: a reStructuredText title inset between longer rules is a title (Celery's and Kombu's sources centre theirs:
 * "Tasks" headed Celery's tasks.rst, not "Basics"); a source beside its page is compared by what the page shows of
 * it, without its directives, toctree, raw HTML, targets, comments, substitutions, roles' names and links' targets,
 * and a page with a hidden element by its listings' code, not their markup, and a source whose path mirrors no page's
 * with the one or two pages of its name (Celery's whole HTML folder: 154 of its 218 `_sources` were ingested beside
 * their pages, now none; pandas' 2,607: 2,482 were, now 7; scikit-learn's 285 notebooks in `_downloads/`, now none;
 * 6,618 more copies in the surveyed packages, none fewer); a page that repeats the pages beside it on one page
 * (mdBook's `print.html`: each chapter of the Rust book twice) is left out as a copy of its folder.
 * 136: erl_docgen's pages (Erlang/OTP's documentation): a bar by its name that holds a copy of the page's `<h1>`, which
 * the text says again, is left out ("10 Drivers" twice, the first a section of its own); a title that says the site,
 * " -- " and the page's name is the heading's, a numbered chapter's too ("Erlang -- Drivers" over "10 Drivers",
 * "Erlang -- erlang" over "erlang"); a title that ends in its separator ("Erlang -- ") is none. A table of contents
 * whose entries give the linked page's purpose after a dash (DocBook's refpurpose: gtk-doc's books, PostgreSQL's
 * reference) counts those lines as its index's text, so a book's contents page is read as an index, and an index's
 * block of links keeps a paragraph of its own however deep in its wrappers (a book's title page). A release's
 * numbered heading with a name and a version ("1.1 Erts 13.1.5") names that version: Erlang's release notes are
 * release histories. No page of the 43 earlier sets reads otherwise.
 * 137: a heading's permalink drawn by an icon font (MkDocs' `<a class="headerlink" title="Permanent link">` holding a
 * private-use glyph) is left out, not read as its label: every heading and title of MkDocs' own built site ended in
 * "Permanent link", and of the Furo theme's (attrs' 30 pages) in "Permalink to this heading"; so is an entry's
 * (Furo's "attrs.NOTHING Permalink to this definition"), a lone symbol linking into the page at an entry term's start
 * or end as at a heading's, unless the term is the symbol alone.
 * 138: a plain-text file of 100 KB or more beside a site's pages is compared with them as a PDF is, by the words it
 * shows (its generator's inline tags aside), and left out as a copy when they hold 80% of its pairs of words:
 * Haddock's Hoogle databases (`base.txt`, 1.6 MB, every module's documentation again), 11 of GHC's libraries'; a
 * changelog beside the pages stays (dask's, xarray's).
 * 139: a numbered list item's number opens the section of the heading the item opens with, where it had ended the
 * section before as a stray "1." (every member of Scaladoc's pages, each an `<li>` of an `<ol>`); a paragraph or
 * `<div>` that ends a sentence is read once when the block right after it opens with it (Scaladoc's short comment
 * over its full comment; a repeated paragraph in 7 pages of the other sets and the surveys); a wrapper headed
 * "Inherited from …" or "Inherited by …" is inherited members' as one headed "Methods inherited from …" was
 * (Scaladoc's groups by origin, cppreference's members of a base class on 7 pages); a title that is the page's
 * heading and then a name in brackets is the heading ("16 Options (zsh)", Bash's one page without its section's
 * number, Javadoc's "(Java-Erlang Interface Library)").
 * 140: a panel of controls around a text box outside any form, labels without a sentence, is chrome (Scaladoc's
 * member filter on every page: "Ordering Alphabetic By Inheritance … Hide All Show All Visibility Public All").
 * 141: a summary is matched against the text after it with that text's blocks a space apart, as a browser shows them:
 * Scaladoc's full comments whose paragraphs had no space between their tags kept their summary (201 of its pages).
 */
export const INGEST_FORMAT = 141;
