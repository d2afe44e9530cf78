#!/usr/bin/env bash
# The package on a bare system: are its Depends enough? The CI machine has every library already
# (the test builds need them), so scripts/deb-test.sh cannot tell. Here:
#  1. debootstrap a minimal Debian of the machine's own release (--variant=minbase: no X11, no
#     Mesa, no OpenSSL beyond what apt itself needs) into a folder;
#  2. apt installs the package there with its Depends only (--no-install-recommends);
#  3. the installed program runs there: --version, a demo journal, a locked (SQLCipher) journal
#     read back with its passphrase;
#  4. the real-window test (scripts/window-test.sh) runs the installed program inside it, drawing on
#     this machine's Xvfb (only /tmp, with the X socket, /proc and /dev are shared).
# Needs root, debootstrap and network access to the Debian mirror apt uses.
# Usage: scripts/deb-bare-test.sh prepare ROOT        # step 1 only (.ci/run starts it early)
#        scripts/deb-bare-test.sh test DEB [ROOT]     # steps 2-4 (step 1 first without ROOT);
#                                                     # ROOT is removed afterwards either way
set -euo pipefail
trap 'echo "deb-bare-test: FAILED: the command at line $LINENO failed" >&2' ERR
cd "$(dirname "$0")/.."
passed=0
ok() { passed=$((passed + 1)); echo "deb-bare-test: ok: $*"; }
fail() { echo "deb-bare-test: FAILED: $*" >&2; echo "deb-bare-test: $passed passed, 1 failed"; exit 1; }

# 1. The machine's release and mirror (the first "URIs:" of apt's deb822 sources, else Debian's);
# one retry, for a network hiccup.
prepare() {
  local root=$1 start=$SECONDS suite mirror
  . /etc/os-release
  suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
  mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  mkdir -p "$root"
  if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.log" 2>&1; then
    rm -rf --one-file-system "$root" && mkdir -p "$root"
    debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.log" 2>&1 ||
      { tail -n 20 "$root.log" >&2; fail "debootstrap $suite"; }
  fi
  rm -f "$root.log"
  touch "$root/.feltsense-bare-ready"
  ok "debootstrap --variant=minbase $suite ($((SECONDS - start)) s)"
}

case "${1:-}" in
  prepare) prepare "${2:?usage: deb-bare-test.sh prepare ROOT}"; exit 0 ;;
  test) deb=$(realpath "${2:?usage: deb-bare-test.sh test DEB [ROOT]}") ;;
  *) echo "usage: deb-bare-test.sh prepare ROOT | test DEB [ROOT]" >&2; exit 2 ;;
esac
root=${3:-}
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  [ -z "$root" ] || rm -rf --one-file-system "$root"
}
trap cleanup EXIT
if [ -z "$root" ]; then
  root=$(mktemp -d /var/tmp/feltsense-bare.XXXXXX)
  prepare "$root"
fi
[ -e "$root/.feltsense-bare-ready" ] || fail "$root was not prepared (deb-bare-test.sh prepare)"
for lib in libX11.so.6 libEGL.so.1 libxkbcommon.so.0 libcrypto.so.3 libssl.so.3; do
  if chroot "$root" /sbin/ldconfig -p | grep -F "$lib " >/dev/null; then fail "the bare system already has $lib"; fi
done

# 2. Install with Depends only.
cp /etc/resolv.conf "$root/etc/resolv.conf"
for m in proc dev tmp; do mount --bind "/$m" "$root/$m"; mounted+=("$root/$m"); done
cp "$deb" "$root/var/cache/feltsense.deb"
before=$(chroot "$root" dpkg-query -W -f '${Package}\n' | wc -l)
chroot "$root" apt-get update -qq
DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends /var/cache/feltsense.deb \
  >"$root/install.log" 2>&1 || { cat "$root/install.log" >&2; fail "apt-get install of the package"; }
after=$(chroot "$root" dpkg-query -W -f '${Package}\n' | wc -l)
ok "installed with its Depends only: $((after - before)) packages on a base of $before"

# 3. The command line, SQLCipher through the system's libcrypto.
in_root() { chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
version=$(in_root /usr/bin/feltsense --version) || fail "feltsense --version"
ok "$version"
in_root /usr/bin/feltsense --db /root/j.sqlite demo --years 1 >/dev/null || fail "feltsense demo"
in_root env FELTSENSE_NEW_PASSPHRASE=bare-system-test /usr/bin/feltsense --db /root/j.sqlite passphrase </dev/null >/dev/null ||
  fail "locking a journal"
n=$(in_root env FELTSENSE_PASSPHRASE=bare-system-test /usr/bin/feltsense --db /root/j.sqlite list --format json </dev/null |
  grep -c '"at"' || true)
[ "$n" -gt 100 ] || fail "the locked journal read back $n entries"
if in_root env FELTSENSE_PASSPHRASE=wrong /usr/bin/feltsense --db /root/j.sqlite list </dev/null >/dev/null 2>&1; then
  fail "a wrong passphrase opened the locked journal"
fi
ok "demo journal locked with a passphrase and read back ($n entries); a wrong passphrase is refused"

# 4. The window: window-test.sh runs this wrapper as its binary (its files live in the shared /tmp).
wrapper=$(mktemp /tmp/feltsense-bare-wrapper.XXXXXX)
chmod 755 "$wrapper"
cat >"$wrapper" <<EOF
#!/bin/sh
exec chroot "$root" /usr/bin/feltsense "\$@"
EOF
bash scripts/window-test.sh "$wrapper" || { rm -f "$wrapper"; fail "the real-window test inside the bare system"; }
rm -f "$wrapper"
ok "the real-window test passed inside the bare system"
echo "deb-bare-test: $passed passed, 0 failed"
