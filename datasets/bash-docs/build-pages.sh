#!/usr/bin/env bash
# Build datasets/bash-docs/pages/ from a copy of Debian's bash-doc package, using the page list in pages.txt
# (one node file name a line; blank lines and text after '#' are ignored). The pages are not committed: run
# this once before using the dataset.
#
# Get the doc root without installing anything (any directory DIR will do):
#   apt-get download bash-doc && dpkg-deb -x bash-doc_*.deb DIR
#   bash datasets/bash-docs/build-pages.sh DIR/usr/share/doc/bash
# or install the package (as root) and use the default doc root:
#   apt-get install -y bash-doc
#   bash datasets/bash-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $BASH_DOC_ROOT, else /usr/share/doc/bash (where the package puts
# bashref.html; /usr/share/doc/bash-doc/bashref.html is a symbolic link to it).
#
# Debian ships the Bash Reference Manual as ONE texinfo HTML page (bashref.html, makeinfo 6.8 --no-split), so
# the script first splits it into one page per node, as 'makeinfo --html' does by default, in a temporary
# folder: NODE.html for each of its 132 nodes, NODE being the node's HTML id (texinfo's file name for a split
# node: "What is Bash?" is What-is-Bash_003f.html). A node starts at its navigation header (a sectioning
# <div class="chapter|section|..." id="NODE"> followed by <div class="header">, or, for a node without a
# section, <span id="NODE"></span><div class="header">) and runs up to the next node's start. Sections that
# have no node of their own (the ten subsections of Redirections, the appendix section "Implementation
# Differences From The SVR4.2 Shell") stay in their node's page, as in makeinfo's split output. Each page is
# bashref.html's <head> (the <title> set to "NODE NAME (Bash Reference Manual)", texinfo's form for a split
# page) and the node's bytes unchanged, less the <hr> and the parents' </div> lines that end it, plus the
# </div>s that close what it opened. Then the pages pages.txt lists are copied byte for byte into pages/, and
# the page count, the HTML bytes and a crude estimate of the visible text (the node's body only: texinfo's
# navigation line, child-node menu and table of contents left out) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${BASH_DOC_ROOT:-/usr/share/doc/bash}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" bashref.html "Bash Reference Manual" \
  "Get it with 'apt-get download bash-doc && dpkg-deb -x bash-doc_*.deb DIR' (doc root DIR/usr/share/doc/bash) or 'apt-get install -y bash-doc', and pass the doc root as the first argument or in \$BASH_DOC_ROOT."

nodes="$(mktemp -d)"
trap 'rm -rf "$nodes"' EXIT
# Split bashref.html into NODE.html files (see above). Fails if the page is not the texinfo 6.8 layout it
# expects: no <head>, a <title> other than "Bash Reference Manual", fewer than 100 nodes, a node id seen twice,
# or a node that closes more <div>s than it opens.
perl -0777 -ne '
  my $s = $_;
  $s =~ m{\A(.*?<head>.*?</head>\s*)}s or die "error: bashref.html: no <head>\n";
  my $head = $1;
  $head =~ m{<title>Bash Reference Manual</title>} or die "error: bashref.html: unexpected <title>\n";
  my @starts;
  while ($s =~ m{^(?:<div class="(?:top|chapter|section|subsection|subsubsection|appendix|appendixsec|unnumbered|unnumberedsec)" id="([^"]+)">\n|<span id="([^"]+)"></span>)<div class="header">}mg) {
    push @starts, [$-[0], $1 // $2];
  }
  die "error: bashref.html: only " . scalar(@starts) . " nodes found\n" if @starts < 100;
  my $end = rindex($s, "</body>");
  my %seen;
  for my $k (0 .. $#starts) {
    my ($from, $id) = @{$starts[$k]};
    die "error: bashref.html: node $id found twice\n" if $seen{$id}++;
    my $to = $k < $#starts ? $starts[$k + 1][0] : $end;
    my $body = substr($s, $from, $to - $from);
    $body =~ s{(?:^(?:<hr>|</div>)?\n)+\z}{}m;
    $body =~ s{\n*\z}{\n};
    my $open = () = $body =~ m{<div\b}g;
    my $close = () = $body =~ m{</div>}g;
    die "error: bashref.html: node $id closes more <div>s than it opens\n" if $close > $open;
    $body .= "</div>\n" x ($open - $close);
    # The node name from its id: texinfo writes a space as "-" and any other character but letters and
    # digits as _XXXX (its code point in hex).
    (my $name = $id) =~ s{-}{ }g;
    $name =~ s{_([0-9a-f]{4})}{chr hex $1}gei;
    my %esc = ("&" => "&amp;", "<" => "&lt;", ">" => "&gt;", "\"" => "&quot;");
    $name =~ s{([&<>"])}{$esc{$1}}g;
    (my $h = $head) =~ s{<title>Bash Reference Manual</title>}{<title>$name (Bash Reference Manual)</title>};
    open my $f, ">", "$out/$id.html" or die "error: $out/$id.html: $!\n";
    print $f $h, "<body lang=\"en\">\n", $body, "\n\n</body>\n</html>\n";
    close $f;
  }
  BEGIN { $out = shift @ARGV }
' "$nodes" "$root/bashref.html"

copy_pages "$nodes" "$list" "$out" 0 "Bash"
# A node page holds texinfo's navigation line (div.header: "Next: ..., Previous: ..., Up: ..." and the
# [Contents][Index] links) at the start of the node, and a node with child nodes has a menu of them
# (ul.section-toc); the Top node also holds the manual's whole table of contents (div.Contents_element).
# The <head> (its <title>, and the manual's copying notice in a comment) is not counted either.
report_pages "$out" '
  $s =~ s{<head>.*?</head>}{ }s;
  $s =~ s{<div class="header">.*?</div>}{ }gs;
  $s =~ s{<ul class="section-toc">.*?</ul>}{ }gs;
  $s =~ s{<div class="Contents_element".*?</div>\s*</div>}{ }gs;'
