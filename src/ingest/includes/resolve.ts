import { readFile, realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { ANTORA_ATTRIBUTES } from "./conditionals.js";
import type { TargetBase } from "./directives.js";

/**
 * The folders an include may read from: the real paths of the run's folders (and globs' fixed folders), and the
 * folder of each file named as a source. A target outside them, or hidden inside them (a name starting with a dot,
 * which a folder walk leaves out too), is not read, as Asciidoctor's safe mode keeps includes under the document's
 * folder: a page cannot pull `/etc/passwd` or a `.env` into the index.
 */
export class IncludeJail {
  constructor(readonly roots: readonly string[]) {}

  /**
   * The real path of `path` when it is a regular file inside a root and not hidden there, else undefined; checked once
   * a run.
   */
  file(path: string): Promise<string | undefined> {
    return this.readOnce(`file\u0000${path}`, () => this.check(path));
  }

  private readonly once = new Map<string, Promise<unknown>>();

  /**
   * What `read` gives for `key`, read once a run: a path's check, an Antora component's descriptor, which each of its
   * pages and each include naming its component would otherwise read again.
   */
  readOnce<T>(key: string, read: () => Promise<T>): Promise<T> {
    let found = this.once.get(key) as Promise<T> | undefined;
    if (found === undefined) {
      found = read();
      this.once.set(key, found);
    }
    return found;
  }

  /** The root that holds `real`, if any. */
  rootOf(real: string): string | undefined {
    return this.roots.find((root) => inside(real, root) !== undefined);
  }

  private async check(path: string): Promise<string | undefined> {
    const real = await realpath(path).catch(() => undefined);
    if (real === undefined || !(await stat(real).catch(() => undefined))?.isFile()) return undefined;
    const root = this.rootOf(real);
    const rel = root === undefined ? undefined : inside(real, root);
    return rel !== undefined && !rel.split(sep).some((segment) => segment.startsWith(".")) ? real : undefined;
  }
}

/** `path` relative to `root` when it is inside it, else undefined. */
function inside(path: string, root: string): string | undefined {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : undefined;
}

/** Antora's resource families and the folders of a module that hold them. */
const FAMILY_FOLDERS: Readonly<Record<string, string>> = {
  partial: "partials",
  example: "examples",
  page: "pages",
  attachment: "attachments",
  image: "images",
};

/**
 * The file an include's target names, read from `includer` (an absolute path), when the jail allows it:
 * - `asciidoc`: an Antora resource id (`partial$install.adoc`, `ROOT:example$app.rb`, `comp:mod:page$a.adoc`) in the
 *   includer's component, else a path from the includer's folder;
 * - `sphinx`: likewise, but `/x.rst` is from the source folder (the nearest folder above that holds `conf.py`, else
 *   the jail's root);
 * - `site`: from the includer's folder, else from the nearest folder above it that holds the path (Hugo's
 *   `_common/options.md` from `content/`, a snippet from the project's root), a leading `/` (or Docusaurus' `@site/`)
 *   as in a site's root. The folders above the one ingested count too, so that `docs/snippets/links.md`, named from
 *   the project's root, is found when `docs/` is ingested; what they give is jailed like the rest.
 * A URL, a target with an unresolved `{attribute}`, a version or another component's resource reads nothing.
 */
export async function resolveTarget(target: string, includer: string, base: TargetBase, jail: IncludeJail): Promise<string | undefined> {
  if (target === "" || /^[a-z][\w+.-]*:\/\//i.test(target) || /[{}<>]/.test(target)) return undefined;
  const folder = dirname(includer);
  if (base === "asciidoc" && target.includes("$")) return antoraResource(target, includer, jail);
  if (base === "asciidoc") return jail.file(resolve(folder, target));
  if (base === "sphinx") {
    if (!target.startsWith("/")) return jail.file(resolve(folder, target));
    return jail.file(join(await sphinxSourceFolder(folder, jail), target));
  }
  const path = target.replace(/^(?:@site)?\/+/, "");
  for (let at = folder; ; at = dirname(at)) {
    const found = await jail.file(join(at, path));
    if (found !== undefined || dirname(at) === at) return found;
  }
}

async function antoraResource(target: string, includer: string, jail: IncludeJail): Promise<string | undefined> {
  const dollar = target.indexOf("$");
  const prefix = target.slice(0, dollar);
  if (prefix.includes("@")) return undefined;
  const names = prefix.split(":");
  const familyFolder = FAMILY_FOLDERS[names.pop()!];
  if (familyFolder === undefined || names.length > 2) return undefined;
  const module = names.pop();
  const component = names.pop();
  // <modules>/<module>/<family folder>/...: the nearest family folder above the includer. A component's modules are in
  // its `modules/`, beside its `antora.yml`.
  const segments = includer.split(sep);
  const at = familyFolderAt(segments);
  if (at < 2) return undefined;
  const modules = segments.slice(0, at - 1).join(sep);
  if (component !== undefined && (segments[at - 2] !== "modules" || component !== (await componentName(dirname(modules), jail)))) return undefined;
  return jail.file(join(modules, module || segments[at - 1]!, familyFolder, target.slice(dollar + 1)));
}

/** The index of the nearest family folder (`pages`, `partials`, ...) above a file, by its path's segments; else -1. */
function familyFolderAt(segments: readonly string[]): number {
  const families = Object.values(FAMILY_FOLDERS);
  let at = segments.length - 2;
  while (at >= 2 && !families.includes(segments[at]!)) at--;
  return at < 2 ? -1 : at;
}

/** An `antora.yml` larger than this is no component descriptor, and is not read for attributes. */
const MAX_DESCRIPTOR_BYTES = 1 << 20;

/**
 * The attributes an Antora component gives each of its pages, when `file` (a real path) is in one
 * (`<root>/modules/<module>/<family>/…` beside `<root>/antora.yml`): those Antora sets, then the descriptor's
 * `asciidoc.attributes` (`false` or `~` unsets one; a trailing `@`, which lets a page change it, is dropped).
 */
export async function antoraAttributes(file: string, jail: IncludeJail): Promise<ReadonlyArray<[string, string | null]>> {
  const segments = file.split(sep);
  const at = familyFolderAt(segments);
  if (at < 2 || segments[at - 2] !== "modules") return [];
  const root = segments.slice(0, at - 2).join(sep);
  return jail.readOnce(`attributes\u0000${root}`, () => descriptorAttributes(root, jail));
}

/**
 * An Antora component descriptor's text (`antora.yml`) read as YAML: its fields, or undefined when there is no text,
 * it is too large for a descriptor, or it is no YAML mapping.
 */
export function parseDescriptor(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.length > MAX_DESCRIPTOR_BYTES) return undefined;
  try {
    const parsed: unknown = parseYaml(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function descriptorAttributes(root: string, jail: IncludeJail): Promise<Array<[string, string | null]>> {
  const given = (parseDescriptor(await descriptor(root, jail))?.asciidoc as { attributes?: unknown } | undefined)?.attributes;
  const attributes: Array<[string, string | null]> = [...ANTORA_ATTRIBUTES];
  if (typeof given !== "object" || given === null) return attributes;
  for (const [name, value] of Object.entries(given)) {
    const unset = value === false || value === null;
    attributes.push([name.toLowerCase(), unset ? null : String(value === true ? "" : value).replace(/@$/, "")]);
  }
  return attributes;
}

/** The text of the `antora.yml` in `root`, read once a run; undefined when there is none. */
function descriptor(root: string, jail: IncludeJail): Promise<string | undefined> {
  return jail.readOnce(`antora.yml\u0000${root}`, () => readFile(join(root, "antora.yml"), "utf8").catch(() => undefined));
}

/** The `name` an Antora component's `antora.yml` gives it. */
async function componentName(root: string, jail: IncludeJail): Promise<string | undefined> {
  return /^name:[ \t]*["']?([^"'\s#]+)/m.exec((await descriptor(root, jail)) ?? "")?.[1];
}

/** The folder a Sphinx project's `/`-paths start from: the nearest one above that holds `conf.py`, else the jail's root. */
async function sphinxSourceFolder(folder: string, jail: IncludeJail): Promise<string> {
  for (let at = folder; ; at = dirname(at)) {
    if ((await stat(join(at, "conf.py")).catch(() => undefined))?.isFile()) return at;
    // A root is inside no root: the search stops there.
    if (jail.rootOf(at) === undefined || dirname(at) === at) return at;
  }
}
