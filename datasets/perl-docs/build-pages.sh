#!/usr/bin/env bash
# Build datasets/perl-docs/pages/ from Debian's perl-doc package (Perl 5.36's documentation as POD), using the page
# list in pages.txt (one .pod file name a line, as the package names it; blank lines and text after '#' are
# ignored). The pages are not committed: run this once before using the dataset.
#
# Get the POD files without installing anything (any directory DIR will do):
#   apt-get download perl-doc && dpkg-deb -x perl-doc_*.deb DIR
#   bash datasets/perl-docs/build-pages.sh DIR/usr/share/perl/5.36.0/pod
# or install the package (as root) and use the default root:
#   apt-get install -y perl-doc
#   bash datasets/perl-docs/build-pages.sh
#
# DOC_ROOT is the first argument, else $PERL_DOC_ROOT, else /usr/share/perl/5.36.0/pod (where the package puts its
# 206 .pod files, uncompressed; without perl-doc that folder holds only perldiag.pod, which perl-modules-5.36 ships
# and which is not in the list). pages/ is flat: a page keeps its file name (perlfunc.pod), the one
# questions.jsonl uses, and is copied byte for byte. Then the page count, the POD bytes and a crude estimate of the
# text (command names, X<> index entries, =begin/=for blocks of other formats and formatting-code brackets left
# out) are printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../pages-lib.sh
source "$here/../pages-lib.sh"
root="${1:-${PERL_DOC_ROOT:-/usr/share/perl/5.36.0/pod}}"
list="$here/pages.txt"
out="$here/pages"

need_doc_root "$root" perlfunc.pod "Perl POD documentation" \
  "Get it with 'apt-get download perl-doc && dpkg-deb -x perl-doc_*.deb DIR' (root DIR/usr/share/perl/5.36.0/pod) or 'apt-get install -y perl-doc', and pass the root as the first argument or in \$PERL_DOC_ROOT."

copy_pages "$root" "$list" "$out" 0 "Perl" pod
echo "pages: $COPIED"
echo "pod bytes: $(cat "$out"/*.pod | wc -c)"
# The text, paragraph by paragraph: what =cut leaves out, =begin/=end regions and =for paragraphs (other formats'
# data and comments), X<> entries and the bare commands dropped; a heading's or item's text kept without its
# command; formatting codes read as their contents, E<lt> and E<gt> as < and >; whitespace collapsed; bytes as in the
# files (no decoding).
echo "estimated text bytes: $(perl -0777 -ne '
  my ($pod, $region) = (0, 0);
  for my $p (split /\n[ \t]*\n/) {
    if ($p =~ /\A=(\w+)/) {
      my $cmd = $1;
      $pod = $cmd ne "cut";
      if ($cmd eq "begin") { $region++; next }
      if ($cmd eq "end") { $region-- if $region; next }
      next if $region || $cmd =~ /\A(?:cut|pod|over|back|encoding|for)\z/;
      $p =~ s/\A=\w+[ \t]*//;
    }
    next unless $pod && !$region;
    $p =~ s/E<lt>/\x01/g; $p =~ s/E<gt>/\x02/g; $p =~ s/E<[^<>]*>/?/g;
    $p =~ s/X<+[^>]*>+//g;
    $p =~ s/[A-Z](<{2,})\s+(.*?)\s+(??{ ">" x length $1 })/$2/gs;
    1 while $p =~ s/[A-Z]<([^<>]*)>/$1/g;
    $p =~ tr/\x01\x02/<>/;
    $t .= " $p";
  }
  END { $t =~ s/\s+/ /g; $t =~ s/^ | $//g; print length $t }' "$out"/*.pod)"
