#!/usr/bin/env bash
# Installs the independent FHIR R4 validator (the Python `fhir.resources` models) into a virtual
# environment and prints the environment's python. Idempotent: a complete environment is reused.
#
#   bash scripts/fhir-venv.sh            # installs if needed, prints the python path
#
# Where: $FELTSENSE_FHIR_VENV, else ~/.cache/feltsense/fhir-venv (shared by every checkout).
# Needs: python3 with its venv module (Debian: python3-venv) and, on the first run, PyPI.
# Pins: fhir.resources 6.4.0 is the last release whose default models are FHIR R4 4.0.1 (6.5.0
# moved to R4B 4.3.0, 7.x to R5); it needs pydantic 1.
#
# Safe when several tests or checkouts start it at once: one install at a time (flock on
# "$venv.lock"), built in a temporary folder beside it and renamed into place only when complete
# and checked, so a half-built environment is never used, and never deleted under another
# process. An environment is complete when its stamp (the pins) is there: the stamp is written
# last, inside the temporary folder, before the rename.
set -euo pipefail

venv="${FELTSENSE_FHIR_VENV:-$HOME/.cache/feltsense/fhir-venv}"
pins=("fhir.resources==6.4.0" "pydantic==1.10.27")

complete() { [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.feltsense-pins" 2>/dev/null)" = "${pins[*]}" ]; }

if complete; then
  echo "$venv/bin/python"
  exit 0
fi
command -v python3 >/dev/null || { echo "python3 is needed for the FHIR validator" >&2; exit 1; }
python3 -c 'import venv, ensurepip' 2>/dev/null || {
  echo "python3's venv module is needed for the FHIR validator (Debian: apt install python3-venv)" >&2
  exit 1
}
command -v flock >/dev/null || { echo "flock (util-linux) is needed to install the FHIR validator" >&2; exit 1; }
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
# Another process may have finished the install while this one waited.
if complete; then
  echo "$venv/bin/python"
  exit 0
fi
tmp=$(mktemp -d "$venv.new.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp" >&2
"$tmp/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}" >&2
"$tmp/bin/python" -c 'import fhir.resources as f; assert f.__fhir_version__ == "4.0.1", f.__fhir_version__' >&2
echo "${pins[*]}" >"$tmp/.feltsense-pins"
# Replace an incomplete or outdated environment (only ever touched under the lock).
rm -rf "$venv"
mv "$tmp" "$venv"
trap - EXIT
complete || { echo "the FHIR validator's environment is incomplete after installing" >&2; exit 1; }
echo "$venv/bin/python"
