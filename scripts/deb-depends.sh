#!/usr/bin/env bash
# What /usr/bin/feltsense loads at run time, checked against the package's Depends.
#   - Linked libraries (ELF NEEDED, `objdump -p`): cargo-deb's `$auto` runs dpkg-shlibdeps on them.
#   - Libraries opened with dlopen (the window system, EGL/Vulkan, D-Bus, fontconfig): their sonames
#     are string constants in the binary (or, written into instructions by LTO, their first 8 bytes);
#     each must be listed in packaging/dlopen.txt, and the
#     package's Depends/Recommends must hold the packages listed there.
#   - With --installed (after dpkg -i): each "depends" soname resolves (ldconfig) to a file that
#     its listed package owns.
# Usage: scripts/deb-depends.sh BINARY PACKAGE.deb [--installed]
# (No `| grep -q`, `| head` or awk `exit` in pipelines: with pipefail the writer's SIGPIPE would fail them.)
set -euo pipefail
trap 'echo "deb-depends: FAILED: the command at line $LINENO failed" >&2' ERR
bin=$1
deb=$2
mode=${3:-}
list="$(dirname "$0")/../packaging/dlopen.txt"
fail() { echo "deb-depends: FAILED: $*" >&2; exit 1; }

echo "deb-depends: linked (NEEDED): $(objdump -p "$bin" | awk '/NEEDED/ {print $2}' | tr '\n' ' ')"
# Versioned sonames, and bare lib*.so names that have no versioned form (fallback names like
# libX11.so beside libX11.so.6 are skipped).
names=$(grep -aoE 'lib[A-Za-z0-9_+-]{1,40}\.so(\.[0-9]+)*' "$bin" | sort -u)
needed=$(objdump -p "$bin" | awk '/NEEDED/ {print $2}')
found=""
for n in $names; do
  case "$n" in *.so) grep -qxE "${n//./\\.}\.[0-9]+" <<<"$names" && continue ;; esac
  grep -qx "$n" <<<"$needed" && continue
  found="$found $n"
done
# A listed name the compiler wrote into instructions instead of a string (whole-program LTO stores
# a short constant like "libxcb.so.1" as an 8-byte immediate "libxcb.s" and a 4-byte "so.1") is
# found by its first 8 bytes; a longer head would not be in one piece.
for n in $(awk '!/^#/ && NF >= 3 && $3 != "indirect" {print $1}' "$list"); do
  case " $found " in *" $n "*) continue ;; esac
  grep -qx "$n" <<<"$needed" && continue
  if [ "${#n}" -gt 8 ] && grep -qaF -- "${n:0:8}" "$bin"; then
    found="$found $n"
  fi
done
echo "deb-depends: opened with dlopen:$found"
listed() { awk -v s="$1" '!/^#/ && $1 == s {print $2, $3}' "$list"; }
want_dep=""; want_rec=""
for n in $found; do
  entry=$(listed "$n")
  [ -n "$entry" ] || fail "$n is opened at run time but not listed in packaging/dlopen.txt"
  set -- $entry
  case "$2" in
    depends) want_dep="$want_dep $1" ;;
    recommends) want_rec="$want_rec $1" ;;
    ignore) ;;
    *) fail "packaging/dlopen.txt: unknown relation '$2' for $n" ;;
  esac
done
field() { dpkg-deb -f "$deb" "$1" | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/ //g' | sed '/^$/d' | sort -u; }
depends=$(field Depends)
recommends=$(field Recommends)
echo "deb-depends: package Depends: $(echo $depends)"
echo "deb-depends: package Recommends: $(echo $recommends)"
for p in $want_dep; do grep -qx "$p" <<<"$depends" || fail "Depends lacks $p"; done
for p in $want_rec; do grep -qx "$p" <<<"$recommends" || fail "Recommends lacks $p"; done
# Libraries the libraries above open (see packaging/dlopen.txt): in Depends too.
for p in $(awk '!/^#/ && $3 == "indirect" {print $2}' "$list"); do
  grep -qx "$p" <<<"$depends" || fail "Depends lacks $p (indirect, packaging/dlopen.txt)"
done
# Nothing listed that the binary no longer opens.
for p in $(awk '!/^#/ && NF >= 3 && $3 != "ignore" && $3 != "indirect" {print $2}' "$list"); do
  grep -qw "$p" <<<"$want_dep $want_rec" || fail "packaging/dlopen.txt lists $p, but the binary opens none of its libraries"
done

if [ "$mode" = --installed ]; then
  for n in $found; do
    set -- $(listed "$n")
    [ "$2" = depends ] || continue
    path=$(ldconfig -p | awk -v s="$n" '$1 == s && /x86-64/ && !found {print $NF; found = 1}')
    [ -n "$path" ] || fail "$n is not found by ldconfig although $1 is installed"
    owner=""
    # dpkg knows a file by the path its package shipped (/lib or /usr/lib since usrmerge).
    for p in "$(realpath "$path")" "$path" "/usr$path" "${path#/usr}"; do
      owner=$( (dpkg -S "$p" 2>/dev/null || true) | awk -F: 'NR == 1 {print $1}')
      [ -z "$owner" ] || break
    done
    [ "$owner" = "$1" ] || fail "$n ($path) belongs to '${owner:-no package}', not $1"
  done
  echo "deb-depends: every dlopen'ed library resolves to a file of the package listed for it"
fi
