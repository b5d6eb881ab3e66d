# Sourced by the datasets' build scripts: copying the pages pages.txt lists, and a crude text estimate.

# copy_pages ROOT LIST OUT FLATTEN WHAT [EXT]
#   Empties OUT of *.EXT files (EXT: html unless given), then copies each page LIST names (one path a line; blank
#   lines and text after '#' are ignored) from ROOT to OUT, byte for byte; a page that ROOT has only compressed
#   (PATH.gz, as Debian ships most documentation) is decompressed. FLATTEN=1 turns a path's '/' into '-'
#   (library/sqlite3.html is copied to library-sqlite3.html); FLATTEN=0 takes plain file names only. WHAT
#   names the documentation in the error for a missing page. Sets COPIED to the number of pages copied.
copy_pages() {
  local root="$1" list="$2" out="$3" flatten="$4" what="$5" ext="${6:-html}" path name
  mkdir -p "$out"
  rm -f "$out"/*."$ext"
  COPIED=0
  while IFS= read -r path || [ -n "$path" ]; do
    path="${path%%#*}"; path="$(echo "$path" | tr -d '[:space:]')"
    [ -z "$path" ] && continue
    if [ "$flatten" = 1 ]; then
      case "$path" in /*|*..*) echo "error: $path: expected a path relative to the doc root" >&2; exit 1;; esac
      name="${path//\//-}"
    else
      case "$path" in */*|*..*) echo "error: $path: expected a file name in the doc root, without '/'" >&2; exit 1;; esac
      name="$path"
    fi
    # Two entries naming one page (or two paths flattening to one name) would overwrite or count it twice.
    if [ -e "$out/$name" ]; then echo "error: $path: $name is already in pages/ (duplicate or clashing entry in pages.txt)" >&2; exit 1; fi
    if [ -f "$root/$path" ]; then cp "$root/$path" "$out/$name"
    elif [ -f "$root/$path.gz" ]; then gzip -dc "$root/$path.gz" > "$out/$name"
    else echo "error: $root/$path not found (is pages.txt for another $what version?)" >&2; exit 1
    fi
    COPIED=$((COPIED + 1))
  done < "$list"
}

# text_bytes CUT FILE...
#   A crude estimate of the files' visible text, in UTF-8 bytes: CUT (Perl code that edits the decoded page
#   in $s) keeps the page body; then scripts, styles, comments and tags are removed, entities decoded, the
#   pilcrows of heading permalinks dropped and whitespace collapsed.
text_bytes() {
  local cut="$1"
  shift
  perl -MEncode -0777 -ne '
    my $s = decode("UTF-8", $_);
    '"$cut"'
    $s =~ s{<(script|style)\b.*?</\1>}{ }gis;
    $s =~ s{<!--.*?-->}{ }gs;
    $s =~ s{<[^>]+>}{ }gs;
    $s =~ s{&#x([0-9a-f]+);}{chr(hex $1)}gie;
    $s =~ s{&#(\d+);}{chr $1}ge;
    my %e = (amp=>"&", lt=>"<", gt=>">", quot=>"\"", nbsp=>" ", apos=>"\x27");
    $s =~ s{&(\w+);}{exists $e{$1} ? $e{$1} : "&$1;"}ge;
    $s =~ s{\x{b6}}{}g;
    $s =~ s{\s+}{ }g; $s =~ s{^ | $}{}g;
    $t += length(encode("UTF-8", $s));
    END { print $t }' "$@"
}

# need_doc_root ROOT MARKER WHAT HOW
#   Exits with an error unless ROOT/MARKER (or ROOT/MARKER.gz, which copy_pages decompresses) exists: "no WHAT at
#   ROOT (expected ROOT/MARKER)", then HOW (how to get the documentation and pass its root).
need_doc_root() {
  if [ ! -f "$1/$2" ] && [ ! -f "$1/$2.gz" ]; then
    echo "error: no $3 at $1 (expected $1/$2)." >&2
    echo "$4" >&2
    exit 1
  fi
}

# report_pages OUT CUT
#   Prints the number of pages copy_pages copied, the HTML bytes of OUT's pages and their estimated text bytes
#   (text_bytes CUT).
report_pages() {
  echo "pages: $COPIED"
  echo "html bytes: $(cat "$1"/*.html | wc -c)"
  echo "estimated text bytes: $(text_bytes "$2" "$1"/*.html)"
}

# The text_bytes CUT of report_pages_between and report_page_tree: the page body from the first $PAGE_START on, up
# to the first $PAGE_END after it (a marker that is missing leaves that side as it is).
BETWEEN_MARKERS='
  my $i = index($s, $ENV{PAGE_START});
  $s = substr($s, $i) if $i >= 0;
  my $j = index($s, $ENV{PAGE_END});
  $s = substr($s, 0, $j) if $j >= 0;'

# report_pages_between OUT START END
#   report_pages with the page body taken from the first START on, up to the first END after it (a marker that is
#   missing leaves that side as it is): how most sets' page templates mark where their text is.
report_pages_between() {
  local -x PAGE_START="$2" PAGE_END="$3"
  report_pages "$1" "$BETWEEN_MARKERS"
}

# copy_page_tree ROOT LIST OUT WHAT
#   Empties OUT, then copies each page LIST names (one path a line, relative to ROOT, folders kept: reference/cli.html;
#   blank lines and text after '#' are ignored, and a name may hold spaces) from ROOT to the same path under OUT, byte
#   for byte; a page that ROOT has only compressed (PATH.gz) is decompressed. WHAT names the documentation in the
#   error for a missing page. Sets COPIED to the number of pages copied.
copy_page_tree() {
  local root="$1" list="$2" out="$3" what="$4" path
  local -A listed=()
  rm -rf "$out"
  mkdir -p "$out"
  COPIED=0
  while IFS= read -r path || [ -n "$path" ]; do
    path="${path%%#*}"
    path="${path#"${path%%[![:space:]]*}"}"
    path="${path%"${path##*[![:space:]]}"}"
    [ -z "$path" ] && continue
    case "$path" in /*|*..*) echo "error: $path: expected a path relative to the doc root" >&2; exit 1;; esac
    if [ -n "${listed[$path]:-}" ]; then echo "error: $(basename "$list") lists a page twice: $path" >&2; exit 1; fi
    listed[$path]=1
    mkdir -p "$out/$(dirname "$path")"
    if [ -f "$root/$path" ]; then cp "$root/$path" "$out/$path"
    elif [ -f "$root/$path.gz" ]; then gzip -dc "$root/$path.gz" > "$out/$path"
    else echo "error: $root/$path not found (is $(basename "$list") for another $what version?)" >&2; exit 1
    fi
    COPIED=$((COPIED + 1))
  done < "$list"
}

# report_page_tree OUT START END
#   report_pages_between for a tree of pages (copy_page_tree's): the .html pages in OUT's folders too.
report_page_tree() {
  local -x PAGE_START="$2" PAGE_END="$3"
  local files
  mapfile -d '' files < <(find "$1" -type f -name '*.html' -print0 | LC_ALL=C sort -z)
  echo "pages: $COPIED"
  echo "html bytes: $(cat "${files[@]}" | wc -c)"
  echo "estimated text bytes: $(text_bytes "$BETWEEN_MARKERS" "${files[@]}")"
}

# npm_folder_pages SPEC FOLDER OUT LIST
#   Fetches the npm package SPEC (name@version) with `npm pack`, and copies its FOLDER (a path inside the tarball's
#   package/) to OUT byte for byte, folders and file names as they are, replacing OUT. Prints the file count and the
#   Markdown files' count and bytes; then, when LIST exists (one path a line, relative to FOLDER), exits with an
#   error unless OUT holds exactly the files it lists.
npm_folder_pages() {
  local spec="$1" folder="$2" out="$3" list="$4" work tarball
  work="$(mktemp -d)"
  # The caller's EXIT trap is left alone: the folder goes on every path out of this function.
  tarball="$(cd "$work" && npm pack "$spec" --silent 2>/dev/null | tail -n 1)" || true
  if [ -z "$tarball" ] || [ ! -f "$work/$tarball" ]; then rm -rf "$work"; echo "error: npm pack $spec failed" >&2; exit 1; fi
  tar -xzf "$work/$tarball" -C "$work"
  rm -rf "$out"
  cp -R "$work/package/$folder" "$out"
  report_tree "$out" "$list" "$work"
}

# git_folder_pages URL COMMIT FOLDER OUT LIST GIT_DIR [EXT]
#   Copies FOLDER (a path in the repository) at COMMIT to OUT byte for byte, folders and file names as they are,
#   replacing OUT: every file, or with EXT only the files whose names end in ".EXT". GIT_DIR is a clone or bare mirror
#   that holds COMMIT; when it is empty, the one commit is fetched from URL into a temporary repository (network
#   access to URL needed). Prints the file count and the count and bytes of the EXT files (Markdown without EXT);
#   then, when LIST exists (one path a line, relative to FOLDER), exits with an error unless OUT holds exactly the
#   files it lists.
git_folder_pages() {
  local url="$1" commit="$2" folder="$3" out="$4" list="$5" git_dir="$6" ext="${7:-}" work path
  work="$(mktemp -d)"
  if [ -z "$git_dir" ]; then
    git_dir="$work/repo.git"
    git init -q --bare "$git_dir"
    if ! git --git-dir="$git_dir" fetch -q --depth 1 "$url" "$commit"; then rm -rf "$work"; echo "error: could not fetch $commit from $url" >&2; exit 1; fi
  elif ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    git_dir="$git_dir/.git"
  fi
  if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    rm -rf "$work"; echo "error: $git_dir does not hold commit $commit of $url" >&2; exit 1
  fi
  rm -rf "$out"
  mkdir -p "$out"
  # One blob at a time: a mirror may lack the blobs of large files outside FOLDER, which `git archive` would read.
  git --git-dir="$git_dir" ls-tree -r -z --name-only "$commit" -- "$folder" | while IFS= read -r -d '' path; do
    case "$path" in *."$ext") ;; *) [ -n "$ext" ] && continue ;; esac
    mkdir -p "$out/$(dirname "${path#"$folder"/}")"
    git --git-dir="$git_dir" cat-file blob "$commit:$path" > "$out/${path#"$folder"/}"
  done
  report_tree "$out" "$list" "$work" "${ext:-md}"
}

# report_tree OUT LIST WORK [EXT]
#   Prints OUT's file count and the count and bytes of its files whose names end in ".EXT" (".md" by default); then,
#   when LIST exists (one path a line, relative to OUT), exits with an error unless OUT holds exactly the files it
#   lists. Removes the temporary folder WORK either way.
report_tree() {
  local out="$1" list="$2" work="$3" ext="${4:-md}"
  echo "files: $(find "$out" -type f | wc -l)"
  echo ".$ext files: $(find "$out" -type f -name "*.$ext" | wc -l)"
  echo ".$ext bytes: $(find "$out" -type f -name "*.$ext" -print0 | xargs -0 cat | wc -c)"
  if [ -f "$list" ]; then
    (cd "$out" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$work/built"
    if ! diff -q <(LC_ALL=C sort "$list") "$work/built" >/dev/null; then
      echo "error: $out differs from $list:" >&2
      diff <(LC_ALL=C sort "$list") "$work/built" >&2 || true
      rm -rf "$work"
      exit 1
    fi
    echo "$(basename "$list"): every listed file built"
  fi
  rm -rf "$work"
}

# copy_man_pages ROOT LIST OUT SECTIONS WHAT
#   Empties OUT, then decompresses each man page LIST names (one path a line under the man root, man2/open.2, without
#   its ".gz"; blank lines and text after '#' are ignored) from ROOT into OUT under its file name alone (open.2): the
#   sets of man pages keep pages/ flat. SECTIONS is a shell pattern of the folders allowed (man[23]); WHAT names the
#   pages in the error for a missing one. Then prints the page count, the roff bytes and a crude text estimate
#   (comment lines dropped, a request's name dropped from its line, font escapes and \- read).
copy_man_pages() {
  local root="$1" list="$2" out="$3" sections="$4" what="$5" path name
  mkdir -p "$out"
  find "$out" -maxdepth 1 -type f -delete
  COPIED=0
  while IFS= read -r path || [ -n "$path" ]; do
    path="${path%%#*}"; path="$(echo "$path" | tr -d '[:space:]')"
    [ -z "$path" ] && continue
    # shellcheck disable=SC2254
    case "$path" in $sections/*) ;; *) echo "error: $path: expected a page under $sections/" >&2; exit 1;; esac
    name="${path#*/}"
    if [ -e "$out/$name" ]; then echo "error: $path: $name is already in pages/ (duplicate entry in pages.txt)" >&2; exit 1; fi
    if [ -f "$root/$path.gz" ]; then gzip -dc "$root/$path.gz" > "$out/$name"
    elif [ -f "$root/$path" ]; then cp "$root/$path" "$out/$name"
    else echo "error: $root/$path not found (is pages.txt for another $what version?)" >&2; exit 1
    fi
    COPIED=$((COPIED + 1))
  done < "$list"
  echo "pages: $COPIED"
  echo "roff bytes: $(cat "$out"/* | wc -c)"
  echo "estimated text bytes: $(perl -ne 'next if /^[.\x27]\\"/; s/^[.\x27]\s*[A-Za-z]+\s?//; s/\\f[BIRP]//g; s/\\-/-/g; print' "$out"/* | tr -s '[:space:]' ' ' | wc -c)"
}
