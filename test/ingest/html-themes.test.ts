import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseHtml } from "../../src/ingest/loaders/index.js";

/**
 * One page of each of nine documentation themes, written by hand in the markup each theme's generator writes
 * (test/fixtures/themes.md): the theme's header, sidebars, breadcrumbs, table of contents, edit link, pager
 * and footer around the same small page. Each must read as the page's title, headings and text, the theme's
 * navigation, search, breadcrumbs, page contents, edit link, pager and footer left out. What a theme writes inside
 * the text stays: a callout's label ("tip"), and Just the Docs' "Table of contents" heading, whose list goes (it heads
 * no section).
 */
const THEMES: { file: string; theme: string; sections: string[]; content: string }[] = [
  {
    file: "antora.html",
    theme: "Antora",
    sections: ["Installation", "Installation › Requirements"],
    content:
      "Installation\n\nAcme runs on Java 17 or later. Download the archive and unpack it.\n\nRequirements\n\n| Set JAVA_HOME before you start.\n\ntar xzf acme-2.1.tar.gz\n\nThe acme.port property sets the port.",
  },
  {
    file: "docsy.html",
    theme: "Docsy (Hugo)",
    sections: ["Installation", "Installation › Requirements", "Installation › Requirements › Note", "Installation › Requirements"],
    content:
      "Installation\n\nHow to install Acme on your machine.\n\nAcme needs Go 1.21 or later. Install it with:\n\ngo install example.com/acme@latest\n\nRequirements\n\nNote\n\nSet GOPATH before you start.\n\nThe ACME_PORT variable sets the port.",
  },
  {
    file: "docusaurus.html",
    theme: "Docusaurus",
    sections: ["Installation", "Installation › Configuration file"],
    content:
      "Installation\n\nAcme runs on Node.js 18 or later. Install it from npm into your project:\n\nnpm install acme\n\nConfiguration file\n\nCreate acme.config.js at the root of your project. The port option sets the port the server listens on.\n\ntip\n\nUse environment variables for secrets.",
  },
  {
    file: "furo.html",
    theme: "furo (Sphinx)",
    sections: ["Installation", "Installation › Requirements"],
    content:
      "Installation\n\nAcme runs on Python 3.9 or later. Install it with pip:\n\n$ pip install acme\n\nRequirements\n\nNote\n\nOn Windows, use the py launcher.\n\nThe ACME_HOME variable sets where Acme keeps its cache.",
  },
  {
    file: "justthedocs.html",
    theme: "Just the Docs (Jekyll)",
    sections: ["Installation", "Installation › Requirements"],
    content:
      'Installation\n\nGet Acme running in five minutes.\n\nAcme needs Ruby 3.1 or later. Add it to your Gemfile:\n\ngem "acme"\n\nRequirements\n\nSet ACME_HOME before you start.\n\nThe port setting sets the port.\n\nTable of contents',
  },
  {
    file: "material.html",
    theme: "Material for MkDocs",
    sections: ["Installation", "Installation › Requirements"],
    content:
      "Installation\n\nAcme runs on Python 3.9 or later. Install it with pip:\n\npip install acme\n\nRequirements\n\nNote\n\nOn Windows, use the py launcher.\n\nThe ACME_HOME variable sets where Acme keeps its cache.",
  },
  {
    file: "pydata.html",
    theme: "PyData Sphinx theme",
    sections: ["Installation", "Installation › Requirements"],
    content:
      "Installation\n\nAcme runs on Python 3.9 or later.\n\npip install acme\n\nRequirements\n\nNote\n\nOn Windows, use the py launcher.\n\nThe ACME_HOME variable sets the cache folder.",
  },
  {
    file: "starlight.html",
    theme: "Starlight (Astro)",
    sections: ["Installation", "Installation › Requirements"],
    content:
      "Installation\n\nAcme needs Node.js 18 or later. Install it with npm:\n\nnpm install acme\n\nRequirements\n\nUse the LTS release of Node.js.\n\nThe ACME_PORT variable sets the port.",
  },
  {
    file: "vitepress.html",
    theme: "VitePress",
    sections: ["Installation", "Installation › Requirements"],
    content:
      "Installation\n\nAcme needs Node.js 18 or later. Add it to your project:\n\nnpm add acme\n\nRequirements\n\nTIP\n\nUse the LTS release of Node.js.\n\nThe ACME_PORT variable sets the port.",
  },
];

describe("parseHtml: pages of nine documentation themes", () => {
  it.each(THEMES)("reads a $theme page as its title, headings and text, without the theme's navigation, pager or footer", ({ file, sections, content }) => {
    const parsed = parseHtml(readFileSync(join(import.meta.dirname, "../fixtures/themes", file), "utf8"));
    expect(parsed.title).toBe("Installation");
    expect(parsed.sections.map((section) => section.headings.join(" › "))).toEqual(sections);
    expect(parsed.content).toBe(content);
  });
});
