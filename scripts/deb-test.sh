#!/usr/bin/env bash
# The Debian package, checked as a person would use it. Needs root (dpkg -i, dpkg -r) and the tools
# lintian, appstreamcli, desktop-file-validate, man, bash-completion, zsh and fish (.ci/run installs them).
#  1. lintian: no errors; every warning must be listed, with its reason, in packaging/lintian-warnings.txt.
#  2. appstreamcli validate --no-net and desktop-file-validate on the files inside the package.
#  3. dpkg -i (then apt-get install -f for its Depends); /usr/bin/feltsense --version; Depends against
#     what the binary opens (scripts/deb-depends.sh); man -w feltsense;
#     bash-completion, zsh (compinit, on a pseudo-terminal) and fish load the installed completions,
#     and `feltsense expo<TAB>` offers `export` in each.
#  4. A journal in the user's data folder; installing the package again (an upgrade) keeps it.
#  5. `feltsense install-desktop` beside the package: still one Feltsense in the menu.
#  6. The real-window test (scripts/window-test.sh) against /usr/bin/feltsense.
#  7. dpkg -r removes every file `dpkg -L` listed, and leaves the user's journal alone.
# Usage: scripts/deb-test.sh path/to/feltsense_VERSION_ARCH.deb
set -euo pipefail
trap 'echo "deb-test: FAILED: the command at line $LINENO failed" >&2' ERR
# (No `| grep -q` or `| head` in pipelines: with pipefail the writer's SIGPIPE would fail them.)
deb=$(realpath "$1")
cd "$(dirname "$0")/.."
passed=0
ok() { passed=$((passed + 1)); echo "deb-test: ok: $*"; }
fail() { echo "deb-test: FAILED: $*" >&2; echo "deb-test: $passed passed, 1 failed"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. lintian. Tags are "E: pkg: tag detail" / "W: ..."; -I and --pedantic are not asked for.
lintian --allow-root --tag-display-limit 0 "$deb" >"$work/lintian.txt" 2>&1 || true
cat "$work/lintian.txt"
errors=$(grep -c '^E: ' "$work/lintian.txt" || true)
[ "$errors" = 0 ] || fail "lintian reports $errors error(s)"
known=$(grep -v '^#' packaging/lintian-warnings.txt | sed -n 's/^\([a-z0-9-]*\):.*/\1/p' | sort -u)
unexplained=$(grep '^W: ' "$work/lintian.txt" | awk '{print $3}' | sort -u | comm -23 - <(echo "$known") || true)
[ -z "$unexplained" ] || fail "lintian warnings not explained in packaging/lintian-warnings.txt: $unexplained"
ok "lintian: no errors, $(grep -c '^W: ' "$work/lintian.txt" || true) explained warning(s)"

# 2. The metadata as it is inside the package.
mkdir "$work/unpacked"
dpkg-deb -x "$deb" "$work/unpacked"
appstreamcli validate --no-net --pedantic "$work/unpacked/usr/share/metainfo/nl.feltsense.feltsense.metainfo.xml" \
  || fail "appstreamcli validate"
desktop-file-validate "$work/unpacked/usr/share/applications/feltsense.desktop" || fail "desktop-file-validate"
ok "appstreamcli validate --no-net --pedantic and desktop-file-validate pass"

# 3. Install: dpkg -i, then apt-get install -f for whatever Depends is missing.
if ! dpkg -i "$deb"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >/dev/null || fail "apt-get install -f"
fi
[ "$(dpkg-query -W -f '${Status}' feltsense)" = "install ok installed" ] || fail "feltsense is not installed"
dpkg -L feltsense | sort >"$work/files.txt"
version=$(/usr/bin/feltsense --version) || fail "/usr/bin/feltsense --version"
[ "$version" = "feltsense $(dpkg-query -W -f '${Version}' feltsense | sed 's/-[^-]*$//')" ] \
  || fail "--version says '$version'"
ok "installed; /usr/bin/feltsense --version: $version"
bash scripts/deb-depends.sh /usr/bin/feltsense "$deb" --installed || fail "Depends does not match what the binary opens"
ok "Depends covers every library the binary opens with dlopen (packaging/dlopen.txt)"
page=$(man -w feltsense) || fail "man -w feltsense"
[ "$page" = /usr/share/man/man1/feltsense.1.gz ] || fail "man -w feltsense: $page"
man -w feltsense-export >/dev/null || fail "man -w feltsense-export"
rendered=$(MANWIDTH=80 man feltsense 2>&1) || fail "man feltsense"
grep -q 'feltsense-install-desktop(1)' <<<"$rendered" || fail "man feltsense does not list the commands"
ok "man -w feltsense: $page (and a page per command)"
# Completion as bash does it: bash-completion's loader finds the installed file on first <TAB>,
# then the completion function is called with the words typed so far.
candidates=$(bash --norc --noprofile -c '
  source /usr/share/bash-completion/bash_completion
  __load_completion feltsense || exit 3
  func=$(complete -p feltsense | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
  COMP_WORDS=(feltsense expo); COMP_CWORD=1; COMP_LINE="feltsense expo"; COMP_POINT=${#COMP_LINE}
  "$func" feltsense expo feltsense
  printf "%s\n" "${COMPREPLY[@]}"') || fail "the installed bash completion did not load"
[ "$candidates" = export ] || fail "feltsense expo<TAB> offers '${candidates//$'\n'/ }', not 'export'"
ok "bash: feltsense expo<TAB> completes to export"
# zsh: an interactive zsh on a pseudo-terminal (zpty), its default fpath (which holds
# vendor-completions) and compinit; "feltsense expo<TAB>" must turn into "feltsense export".
cat >"$work/complete.zsh" <<'ZSH'
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "autoload -Uz compinit; compinit -u -D; PS1='%% '"
zpty -w -n z $'feltsense expo\t'
out=""
for i in {1..100}; do
  zpty -r -t z chunk && out+=$chunk || sleep 0.1
  [[ $out == *"feltsense export"* ]] && break
done
zpty -d z
[[ $out == *"feltsense export"* ]]
ZSH
(cd "$work" && zsh -f "$work/complete.zsh") || fail "zsh: feltsense expo<TAB> did not complete to export"
ok "zsh: feltsense expo<TAB> completes to export (installed _feltsense, compinit)"
# fish: its completion engine with the vendor completion it autoloads from the package's folder
# (a fresh home, so no user configuration; --no-config would also drop the vendor folders).
mkdir -p "$work/fish-home"
fish_out=$(cd "$work" && HOME="$work/fish-home" XDG_CONFIG_HOME="$work/fish-home/.config" XDG_DATA_HOME="$work/fish-home/.local" \
  fish -c 'complete --do-complete "feltsense expo"') || fail "fish did not run"
[ "$(cut -f1 <<<"$fish_out")" = export ] || fail "fish: feltsense expo<TAB> offers '$fish_out', not 'export'"
ok "fish: feltsense expo<TAB> completes to export"

# 4. A user with a journal in the default place (the data folder), then an upgrade.
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
unset FELTSENSE_DB
mkdir -p "$HOME"
journal="$XDG_DATA_HOME/feltsense/journal.sqlite"
/usr/bin/feltsense add --tension neck=6 --note "before the upgrade" >/dev/null || fail "feltsense add"
[ -f "$journal" ] || fail "the journal is not at $journal"
dpkg -i "$deb" >/dev/null || fail "installing the package again"
listed=$(/usr/bin/feltsense list) || fail "feltsense list after the upgrade"
grep -q "before the upgrade" <<<"$listed" || fail "the upgrade lost the journal's entry"
ok "the journal in the user's data folder survives installing the package again"

# 5. One menu entry: ids in $XDG_DATA_HOME hide the same ids in $XDG_DATA_DIRS (desktop-entry spec).
feltsense_entries() {
  local seen="" d f id
  for d in "$XDG_DATA_HOME" /usr/local/share /usr/share; do
    for f in "$d"/applications/*.desktop; do
      [ -f "$f" ] || continue
      id=$(basename "$f")
      case " $seen " in *" $id "*) continue ;; esac
      seen="$seen $id"
      grep -qx 'Name=Feltsense' "$f" && echo "$f"
    done
  done
}
[ "$(feltsense_entries)" = /usr/share/applications/feltsense.desktop ] || fail "menu entries: $(feltsense_entries)"
said=$(/usr/bin/feltsense install-desktop) || fail "install-desktop"
grep -q 'installed package' <<<"$said" || fail "install-desktop did not mention the package's entry: $said"
[ "$(feltsense_entries)" = "$XDG_DATA_HOME/applications/feltsense.desktop" ] \
  || fail "after install-desktop the menu has: $(feltsense_entries)"
/usr/bin/feltsense uninstall-desktop >/dev/null || fail "uninstall-desktop"
[ "$(feltsense_entries)" = /usr/share/applications/feltsense.desktop ] || fail "after uninstall-desktop: $(feltsense_entries)"
ok "one Feltsense menu entry with the package, with install-desktop beside it, and after uninstall-desktop"

# 6. The real window, from the installed program.
(unset HOME XDG_DATA_HOME XDG_CONFIG_HOME; bash scripts/window-test.sh /usr/bin/feltsense) || fail "window test of /usr/bin/feltsense"
ok "real-window test against /usr/bin/feltsense"

# 7. Remove: every file the package installed goes, the journal stays.
dpkg -r feltsense >/dev/null || fail "dpkg -r feltsense"
left=""
while read -r f; do
  [ -f "$f" ] || [ -L "$f" ] || continue
  left="$left $f"
done <"$work/files.txt"
[ -z "$left" ] || fail "dpkg -r left files behind:$left"
[ -f "$journal" ] || fail "dpkg -r removed the user's journal"
[ "$(dpkg-query -W -f '${Status}' feltsense 2>/dev/null || true)" != "install ok installed" ] || fail "still installed"
ok "dpkg -r removed every file of the $(wc -l <"$work/files.txt") paths dpkg -L listed; the journal is still there"
echo "deb-test: $passed passed, 0 failed"
