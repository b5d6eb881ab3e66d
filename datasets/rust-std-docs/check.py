#!/usr/bin/env python3
"""Check questions.jsonl against pages.txt (and pages/ once built): every relevant page
is listed and, if pages/ exists, built; ids are unique; kinds and splits are balanced and
the split follows the rule (per kind, in id order: tune, heldout, tune, ...); and no
question counts a redirect stub, a module page that is only a list of items or a page
without text of its own as relevant. With pages/ built, also checks that the pages
pages.txt marks as stubs are exactly the built pages that are rustdoc redirects, each to
the target pages.txt names. Prints the counts (see ../check_questions.py).
Usage: python3 datasets/rust-std-docs/check.py"""
import os
import posixpath
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(here))
from check_questions import built_texts, check_dataset, first_group, listed_pages, pages_entries, refused_answers, unlisted  # noqa: E402

# pages/ keeps the doc root's folders (std/collections/, std/collections/hash_map/, std/os/unix/net/, ...): pages.txt
# lists every page by its path under the doc root (std/collections/hash_map/struct.HashMap.html), and a page is named
# by that path, in questions.jsonl and in the recursive comparison of pages/ with the list.
listed, errors = listed_pages(here, flatten=False, tree=True)

# Redirect stubs: rustdoc writes one for each item at the path where it is defined inside a private module
# (std/sync/mutex/struct.Mutex.html, std/collections/hash/map/struct.HashMap.html, std/io/stdio/fn.stdout.html), a
# page titled "Redirection" whose only text is "Redirecting to ../../../std/sync/struct.Mutex.html...". A private
# module has no index.html, so a page is a stub exactly when its folder has none; pages.txt gives each stub's target
# after "# ->". Never an answer: the target is.
folders_with_index = {posixpath.dirname(page) for page in listed if posixpath.basename(page) == "index.html"}
STUBS = {page for page in listed if posixpath.dirname(page) not in folders_with_index}
targets = {path: comment[2:].strip() for path, comment in pages_entries(here) if comment.startswith("->")}
errors += [f"pages.txt: {page} is in a folder without index.html but names no '# ->' target"
           for page in sorted(STUBS - set(targets))]
errors += [f"pages.txt: {page} has a '# ->' target but its folder has an index.html"
           for page in sorted(set(targets) - STUBS)]
errors += [f"pages.txt: {page} redirects to {target}, which pages.txt does not list"
           for page, target in sorted(targets.items()) if target not in listed]

# Module pages whose description is one sentence over the list of the module's items (each with its first line):
# "An ordered map based on a B-Tree." (btree_map), "Unix-specific extensions to primitives in the std::fs module."
# (os::unix::fs), "OS-specific functionality." (os). The list repeats the first sentence of each item's page, so
# the answer is on the item's page. Never an answer. (The module pages with prose of their own, from a paragraph,
# std::fs and std::collections::linked_list, to the long overviews of std::collections, std::io, std::sync,
# std::thread, std::os::unix::io, ..., can be; so can the preludes, which say how to import them.)
LIST_ONLY = {f"std/{name}/index.html" for name in (
    "collections/btree_map", "collections/btree_set", "collections/hash_map", "collections/hash_set", "env/consts",
    "os", "os/linux", "os/linux/fs", "os/linux/process", "os/linux/raw", "os/raw", "os/unix/fs", "os/unix/net",
    "os/unix/process", "os/unix/raw", "os/unix/thread", "os/unix/ucred", "os/unix/ucred/impl_linux", "os/wasi/ffi",
    "os/wasi/fs", "os/wasi/io", "os/wasi/net", "os/windows/fs", "os/windows/process", "os/windows/raw",
    "os/windows/thread")}
# Item pages without text of their own: a declaration and nothing else (the C type aliases of std::os::unix::raw,
# std::os::linux::raw and std::os::windows::raw, "pub type ino_t = u64;"; the undocumented fields of
# os::linux::raw::stat; RawPthread; the nightly peer_cred and BinaryHeap's IntoIterSorted), the aliases whose
# description is only their name again ("Raw file descriptors.", "Raw HANDLEs.", "Raw SOCKETs."), and the std::ffi
# aliases of C string types whose whole text is a pointer to core or alloc ("See alloc::ffi::CString."), pages that
# are not in the set. Never an answer.
RAW = {"linux": ("blkcnt_t", "blksize_t", "dev_t", "ino_t", "mode_t", "nlink_t", "off_t", "pthread_t", "time_t"),
       "unix": ("blkcnt_t", "blksize_t", "dev_t", "gid_t", "ino_t", "mode_t", "nlink_t", "off_t", "pid_t", "pthread_t",
                "time_t", "uid_t"),
       "windows": ("HANDLE", "SOCKET")}
TEXTLESS = {f"std/os/{os_name}/raw/type.{name}.html" for os_name, names in RAW.items() for name in names} | {
    f"std/{name}.html" for name in (
        "os/linux/raw/struct.stat", "os/unix/thread/type.RawPthread", "os/unix/ucred/impl_linux/fn.peer_cred",
        "collections/binary_heap/struct.IntoIterSorted", "os/unix/io/type.RawFd", "os/wasi/io/type.RawFd",
        "os/windows/io/type.RawHandle", "os/windows/io/type.RawSocket", "ffi/type.CStr", "ffi/type.CString",
        "ffi/type.NulError", "ffi/type.IntoStringError", "ffi/type.FromBytesWithNulError",
        "ffi/type.FromVecWithNulError")}
errors += unlisted(LIST_ONLY | TEXTLESS, listed)
errors += [f"check.py names {page} as a module page or a page without text, but it is a redirect stub"
           for page in sorted((LIST_ONLY | TEXTLESS) & STUBS)]

# With pages/ built: the stubs are exactly the redirect pages, each sending the reader where pages.txt says.
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0;URL=([^"]+)">')
pages_dir = os.path.join(here, "pages")
if os.path.isdir(pages_dir):
    for page, text in built_texts(here, listed):
        head = text[:2000]
        m = REFRESH.search(head) if "<title>Redirection</title>" in head else None
        if page in STUBS and m is None:
            errors.append(f"{page}: pages.txt marks it as a redirect stub, but the page is not one")
        elif m and page not in STUBS:
            errors.append(f"{page}: a redirect stub, but its folder has an index.html")
        elif m and posixpath.normpath(posixpath.join(posixpath.dirname(page), m.group(1))) != targets.get(page):
            errors.append(f"{page}: redirects to {m.group(1)}, not to the target pages.txt names")


errors += refused_answers(here, first_group([
    ("a redirect stub", STUBS), ("a module page that only lists its items", LIST_ONLY),
    ("a page without text of its own", TEXTLESS)]))
print(f"redirect stubs: {len(STUBS)}; module pages listing only their items: {len(LIST_ONLY)}; "
      f"pages without text of their own: {len(TEXTLESS)}")
check_dataset(here, listed, errors, tree=True)
