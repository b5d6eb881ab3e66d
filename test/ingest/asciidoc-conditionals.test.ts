import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateConditionals, firstAttributes } from "../../src/ingest/includes/conditionals.js";
import { expandedText, ingestedContents, writeTree } from "../support/include-tree.js";

let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "libsql-rag-conditionals-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tree = (files: Record<string, string>) => writeTree(dir, files);
const expanded = (path: string) => expandedText(dir, path);

/** `lines` evaluated from Asciidoctor's attributes for HTML and `given`. */
function evaluated(lines: string[], given: Array<[string, string | null]> = []): string[] {
  return evaluateConditionals(lines.join("\n"), firstAttributes(given)).split("\n");
}

describe("AsciiDoc conditionals", () => {
  it("shows each command's page what the option list says for it, as Git's pages set :git-pull: before the include", async () => {
    tree({
      "Documentation/merge-options.txt":
        "--commit::\n\tPerform the merge and commit the result.\n" +
        "ifdef::git-pull[]\n--rebase::\n\tRebase the current branch on top of the upstream branch.\nendif::git-pull[]\n" +
        "ifndef::git-pull[]\n--edit::\n\tInvoke an editor before committing.\nendif::git-pull[]\n",
      "Documentation/git-pull.txt": "git-pull(1)\n===========\n\nOPTIONS\n-------\n:git-pull: 1\n\ninclude::merge-options.txt[]\n",
      "Documentation/git-merge.txt": "git-merge(1)\n============\n\nOPTIONS\n-------\ninclude::merge-options.txt[]\n",
    });
    const pull = await expanded("Documentation/git-pull.txt");
    const merge = await expanded("Documentation/git-merge.txt");
    expect(pull).toContain("--commit::\n\tPerform the merge and commit the result.\n--rebase::\n\tRebase the current branch on top of the upstream branch.\n");
    expect(pull).not.toContain("Invoke an editor");
    expect(merge).toContain("--commit::\n\tPerform the merge and commit the result.\n--edit::\n\tInvoke an editor before committing.\n");
    expect(merge).not.toContain("Rebase the current branch");
    expect(`${pull}${merge}`).not.toMatch(/ifn?def::|endif::/);
  });

  it("tests any of a,b and all of a+b, the one-line form, an attribute unset by :name!:, and nested tests", () => {
    const shown = evaluated([
      ":a: yes",
      ":b:",
      "ifdef::a,c[]",
      "any of a, c",
      "endif::a,c[]",
      "ifdef::a+c[]",
      "NOT all of a, c",
      "endif::a+c[]",
      "ifndef::c,d[]",
      "none of c, d",
      "endif::c,d[]",
      "ifndef::a+b[]",
      "NOT: a and b are both set",
      "endif::[]",
      "ifdef::b[b is set, the one-line form]",
      "ifdef::a[:c: {a}]",
      "ifdef::c[c was set to {c} by a one-line test]",
      "ifndef::b[NOT in the one-line form]",
      ":b!:",
      "ifdef::b[]",
      "NOT after :b!:",
      "ifdef::a[]",
      "NOT in a skipped branch",
      "endif::a[]",
      "NOT still skipped",
      "endif::b[]",
      "after all",
    ]);
    expect(shown).toEqual([
      ":a: yes",
      ":b:",
      "any of a, c",
      "none of c, d",
      "b is set, the one-line form",
      ":c: {a}",
      "c was set to {c} by a one-line test",
      ":b!:",
      "after all",
    ]);
  });

  it("sets Asciidoctor's HTML attributes, keeps both sides of an environment's test, and ifeval's lines", () => {
    const shown = evaluated([
      "ifdef::backend-html5[]",
      "html",
      "endif::[]",
      "ifdef::backend-pdf[]",
      "NOT pdf",
      "endif::[]",
      "ifdef::env-github[]",
      "on GitHub",
      "endif::[]",
      "ifndef::env-github[]",
      "elsewhere",
      "endif::[]",
      "ifeval::[{sectnumlevels} > 2]",
      "deep numbering",
      "endif::[]",
      ":env-github:",
      "ifndef::env-github[NOT once the page says it is on GitHub]",
    ]);
    expect(shown).toEqual(["html", "on GitHub", "elsewhere", "deep numbering", ":env-github:"]);
  });

  it("drops a mismatched or unmatched endif, keeps a test with no name and a line escaped with a backslash", () => {
    const shown = evaluated(["endif::x[]", "ifdef::[]", "ifdef::x[]", "NOT x", "endif::y[]", "NOT still x", "endif::x[]", "\\ifdef::x[]", "shown"]);
    expect(shown).toEqual(["ifdef::[]", "ifdef::x[]", "shown"]);
  });

  it("reads no include in a branch left out, and gives an include the attributes in force where it stands", async () => {
    tree({
      "docs/page.adoc": "= Page\n\n:part: second\nifdef::nowhere[]\ninclude::missing.adoc[]\nendif::[]\ninclude::{part}.adoc[]\n:part!:\n",
      "docs/second.adoc": "ifdef::part[The part attribute reached the included file.]\n",
    });
    expect(await expanded("docs/page.adoc")).toBe("= Page\n\n:part: second\nThe part attribute reached the included file.\n:part!:\n");
  });

  it("lets the lines after an include see what the part set, as a shared attributes file included at the top", async () => {
    tree({
      "docs/attributes.adoc": ":enterprise:\n:edition: Enterprise\n:community!:\n",
      "docs/page.adoc":
        "= Page\n:community:\ninclude::attributes.adoc[]\n\nifdef::enterprise[]\nThe {edition} edition only.\nendif::[]\n" +
        "ifdef::community[The community edition.]\ninclude::{edition}.adoc[]\n",
      "docs/Enterprise.adoc": "The part named by an attribute a part set.\n",
    });
    expect(await expanded("docs/page.adoc")).toBe(
      "= Page\n:community:\n:enterprise:\n:edition: Enterprise\n:community!:\n\nThe Enterprise edition only.\nThe part named by an attribute a part set.\n",
    );
  });

  it("replaces attribute references as Asciidoctor does in an HTML page's text, and not where it shows text as written", async () => {
    // Each line as written, and as the page shows it where the two differ (an include, by the part's line).
    const lines: Array<[string, string?]> = [
      ["= Page"],
      [":product: Acme Cloud"],
      [":dropped: yes"],
      [":dropped!:"],
      [""],
      [
        "{product} shows HEAD{caret}{caret} and {startsb}x{endsb}, not {dropped}, {missing} or \\{product}.",
        "Acme Cloud shows HEAD^^ and [x], not {dropped}, {missing} or {product}.",
      ],
      ["Kept: +{product}+, pass:[{caret}] and `{product}`.", "Kept: +{product}+, pass:[{caret}] and `Acme Cloud`."],
      [""],
      ["  {product} in a literal paragraph."],
      ["  Its next line {caret}."],
      [""],
      ["[source,js]"],
      ["----"],
      ['const url = base + "/{product}/{caret}";'],
      ["include::code.js[]", "use({product});"],
      ["----"],
      ["include::code.js[]", "use(Acme Cloud);"],
      [""],
      ['[source,console,subs="attributes+"]'],
      [".Install"],
      ["----"],
      ["$ npm i {product}@{caret}2 + x +", "$ npm i Acme Cloud@^2 + x +"],
      ["include::code.js[]", "use(Acme Cloud);"],
      ["----"],
      ["[subs=-attributes]"],
      ["----"],
      ["$ npm i {product}"],
      ["----"],
      [""],
      ["OPTIONS"],
      ["-------"],
      ["--symbolic::"],
      [""],
      ["\tPrefix them with '{caret}', as Git's option lists do.", "\tPrefix them with '^', as Git's option lists do."],
    ];
    tree({ "docs/page.adoc": lines.map(([written]) => written).join("\n"), "docs/code.js": "use({product});\n" });
    expect((await expanded("docs/page.adoc"))?.split("\n")).toEqual(lines.map(([written, shown]) => shown ?? written));
  });

  it("gives an Antora component's pages the attributes Antora sets and those of its antora.yml", async () => {
    tree({
      "docs/antora.yml": "name: cloud\nversion: ~\nasciidoc:\n  attributes:\n    product-cloud: ''\n    on-prem: false\n    edition: 'enterprise@'\n",
      "docs/modules/ROOT/pages/index.adoc":
        '= Cloud\n\nifdef::product-cloud+env-site[Cloud, on the site.]\nifdef::on-prem[NOT on premises.]\nifeval::["{edition}" == "enterprise"]\nEnterprise.\nendif::[]\n',
      "elsewhere/index.adoc": "= Elsewhere\n\nifdef::env-site[On a site, maybe.]\nifdef::product-cloud[NOT outside the component.]\n",
    });
    expect(await expanded("docs/modules/ROOT/pages/index.adoc")).toBe("= Cloud\n\nCloud, on the site.\nEnterprise.\n");
    expect(await expanded("elsewhere/index.adoc")).toBe("= Elsewhere\n\nOn a site, maybe.\n");
  });

  it("ingests a source with conditionals and no include as evaluated, and as written with followIncludes: false", async () => {
    tree({
      "docs/setup.adoc":
        "= Setup\n\nifdef::backend-pdf[]\nPrint the quokka checklist.\nendif::[]\nifndef::backend-pdf[]\nOpen the wombat checklist.\nendif::[]\n",
    });
    const contents = (followIncludes: boolean) => ingestedContents(dir, "docs", followIncludes);
    const read = await contents(true);
    expect(read).toContain("Open the wombat checklist.");
    expect(read).not.toMatch(/quokka|ifn?def::|endif::/);
    expect(await contents(false)).toContain("ifdef::backend-pdf[]\nPrint the quokka checklist.");
  });
});
