"""The checks every dataset's check.py runs on its pages.txt and questions.jsonl, and the counts it prints.

listed_pages(here, flatten) reads pages.txt: the file name each listed page has in pages/ (with flatten, a
path's '/' turned into '-'), and the errors in the list (a path outside the doc root, with flatten; a path with
'/', without; a page listed twice or two paths flattening to one name).

check_dataset(here, listed, errors) takes the dataset folder, the page file names pages.txt lists and the
errors found in pages.txt so far; it checks pages/ (once built) and the questions against them: every
relevant page listed and built, 1-3 distinct relevant pages, ids unique, kinds balanced, and the split
following the rule (per kind, in id order: tune, heldout, tune, ...). It prints the counts and exits with 1
when anything is wrong.

relevant_pages(here) gives each relevant page of questions.jsonl with its question's id; refused_answers(here,
not_an_answer) an error for each relevant page that a set's check.py says is never an answer (first_group
makes not_an_answer of groups of pages, and unlisted(never, listed) an error for each such page pages.txt lacks); and page_body(path,
comment) a Markdown page's own text, for the sets whose check.py refuses a stub as a relevant page.

With folders (a list of folder names, such as languages), pages/ is a tree instead: pages/<folder>/<name> for
every folder and every listed name, and a page is named <folder>/<name> (en/ch05s03.html), in questions.jsonl
and in the comparison of pages/ with the list.

With tree, pages/ keeps the doc root's own folders at any depth: pages.txt lists paths relative to the doc root
('/' allowed, names may hold spaces; not absolute, no '..'), a page is named by that path
(reference/req/req.param.md), and pages/ is compared with the list file by file, recursively."""
import json
import os
import re
import sys
from collections import Counter

FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n---[ \t]*(\r?\n|\Z)", re.S)


def relevant_pages(here):
    """Each relevant page of questions.jsonl, with its question's id: (id, page)."""
    for line in open(os.path.join(here, "questions.jsonl"), encoding="utf-8"):
        if line.strip():
            q = json.loads(line)
            for page in q["relevant"]:
                yield q["id"], page


def unlisted(never, listed):
    """An error for each page that a set's check.py names as never relevant but pages.txt does not list."""
    return [f"pages.txt does not list {page}, which check.py names as never relevant" for page in sorted(never - listed)]


def refused_answers(here, not_an_answer):
    """An error for each relevant page of questions.jsonl that is never an answer: `not_an_answer(page)` says why
    ("a redirect stub"), or None for a page that may be one."""
    return [f"{qid}: {page} is {why}, never relevant" for qid, page in relevant_pages(here) if (why := not_an_answer(page))]


def first_group(groups):
    """A `not_an_answer` for refused_answers from groups of pages that are never an answer, each with what its pages
    are ([("a redirect stub", STUBS), ...]): the first group that holds the page says why."""
    return lambda page: next((what for what, pages in groups if page in pages), None)


def page_body(path, comment):
    """A Markdown page's text after its YAML front matter, without the comments `comment` matches, stripped: empty
    for a page that says nothing of its own (a stub, an index of front matter alone)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return comment.sub("", FRONT_MATTER.sub("", text, count=1)).strip()


def pages_entries(here):
    """pages.txt's entries, in order: each line's text before any '#', stripped, and the comment after it ("" when
    none), for the lines that name something (blank lines and lines of a comment alone are skipped)."""
    for line in open(os.path.join(here, "pages.txt"), encoding="utf-8"):
        entry, _, comment = line.partition("#")
        if entry.strip():
            yield entry.strip(), comment.strip()


def listed_pages(here, flatten, tree=False):
    """The pages pages.txt lists, as pages/ holds them: plain file names (flatten False), paths with "/" made "-"
    (flatten True), paths as they are (tree), or each path's file name alone (flatten "name", for a list of paths
    under a doc root copied into a flat pages/ by file name, as the man sets do: man2/open.2 is open.2)."""
    errors, listed = [], set()
    for path, _comment in pages_entries(here):
        if (flatten or tree) and (path.startswith("/") or ".." in path):
            errors.append(f"pages.txt: {path} is not a path relative to the doc root")
        if not flatten and not tree and "/" in path:
            errors.append(f"pages.txt: {path} is not a plain file name")
        name = path.rsplit("/", 1)[-1] if flatten == "name" else path.replace("/", "-") if flatten else path
        if name in listed:
            errors.append(f"pages.txt: {path} is listed twice (or clashes with another entry as {name})")
        listed.add(name)
    return listed, errors


def built_texts(here, listed):
    """The pages of `listed` that pages/ holds, in order, each with its text: (page, text) pairs, none before pages/ is
    built."""
    pages_dir = os.path.join(here, "pages")
    for page in sorted(listed):
        path = os.path.join(pages_dir, page)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                yield page, f.read()


def named_as_built(found, named, kind, namer="check.py"):
    """Where the pages `namer` names as `kind` ("an index page") and those the built pages show to be so (`found`)
    differ: an error for each page one side holds and the other lacks."""
    return ([f"{page}: {kind}, but {namer} does not name it" for page in sorted(found - named)]
            + [f"{page}: {namer} names it as {kind}, but it is not" for page in sorted(named - found)])


def built_pages(pages_dir, folders, tree=False):
    if not os.path.isdir(pages_dir):
        return None
    if tree:
        return {os.path.relpath(os.path.join(root, name), pages_dir).replace(os.sep, "/")
                for root, _dirs, names in os.walk(pages_dir) for name in names}
    if folders is None:
        return set(os.listdir(pages_dir))
    built = set()
    for entry in os.listdir(pages_dir):
        path = os.path.join(pages_dir, entry)
        built |= {f"{entry}/{name}" for name in os.listdir(path)} if os.path.isdir(path) else {entry}
    return built


def check_dataset(here, listed, errors, folders=None, tree=False):
    n_names = len(listed)
    if folders is not None:
        listed = {f"{folder}/{name}" for folder in folders for name in listed}
    pages_dir = os.path.join(here, "pages")
    built = built_pages(pages_dir, folders, tree)
    ids, kinds, splits, by_kind_split, n_rel, mains, used = Counter(), Counter(), Counter(), Counter(), Counter(), Counter(), set()
    questions = [json.loads(l) for l in open(os.path.join(here, "questions.jsonl"), encoding="utf-8") if l.strip()]
    for q in questions:
        ids[q["id"]] += 1
        kinds[q["kind"]] += 1
        splits[q["split"]] += 1
        by_kind_split[(q["kind"], q["split"])] += 1
        rel = q["relevant"]
        n_rel[len(rel)] += 1
        mains[rel[0]] += 1
        if not 1 <= len(rel) <= 3 or len(set(rel)) != len(rel):
            errors.append(f"{q['id']}: relevant must list 1-3 distinct pages, got {rel}")
        if q["kind"] not in ("keyword", "paraphrase") or q["split"] not in ("tune", "heldout"):
            errors.append(f"{q['id']}: unexpected kind/split {q['kind']}/{q['split']}")
        for page in rel:
            used.add(page)
            if page not in listed:
                errors.append(f"{q['id']}: {page} is not in pages.txt")
            if built is not None and page not in built:
                errors.append(f"{q['id']}: {page} is not in pages/ (rerun build-pages.sh)")
    errors += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
    seen_of_kind = Counter()
    for q in sorted(questions, key=lambda q: q["id"]):
        expected = "tune" if seen_of_kind[q["kind"]] % 2 == 0 else "heldout"
        seen_of_kind[q["kind"]] += 1
        if q["split"] != expected:
            errors.append(f"{q['id']}: split is {q['split']}, the rule gives {expected}")
    if kinds["keyword"] != kinds["paraphrase"]:
        errors.append(f"kinds are not balanced: {dict(kinds)}")
    for kind in kinds:
        if abs(by_kind_split[(kind, "tune")] - by_kind_split[(kind, "heldout")]) > 1:
            errors.append(f"{kind} is not split evenly: {by_kind_split[(kind, 'tune')]} tune, {by_kind_split[(kind, 'heldout')]} heldout")
    if built is not None and built != listed:
        errors.append(f"pages/ differs from pages.txt: {len(built - listed)} extra, {len(listed - built)} missing")

    in_folders = "" if folders is None else f" ({n_names} in each of {len(folders)} folders: {', '.join(folders)})"
    print(f"pages listed: {len(listed)}{in_folders}; built: {'not yet' if built is None else len(built)}")
    print(f"questions: {len(questions)}; kinds: {dict(kinds)}; splits: {dict(splits)}")
    print("kind x split: " + ", ".join(f"{k}/{s} {c}" for (k, s), c in sorted(by_kind_split.items())))
    print(f"relevant pages per question: {dict(sorted(n_rel.items()))}")
    print(f"distinct relevant pages: {len(used)}; distinct main pages: {len(mains)}; most questions on one main page: {max(mains.values())}")
    for e in errors:
        print("error:", e, file=sys.stderr)
    sys.exit(1 if errors else 0)
