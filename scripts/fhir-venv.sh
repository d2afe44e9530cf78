#!/usr/bin/env bash
# Installs the independent FHIR R4 validator (the Python `fhir.resources` models) into a virtual
# environment and prints the environment's python. Idempotent: a complete environment is reused.
#
#   bash scripts/fhir-venv.sh            # installs if needed, prints the python path
#
# Where: $FELTSENSE_FHIR_VENV, else ~/.cache/feltsense/fhir-venv (shared by every checkout).
# Pins: fhir.resources 6.4.0 is the last release whose default models are FHIR R4 4.0.1 (6.5.0
# moved to R4B 4.3.0, 7.x to R5); it needs pydantic 1.
set -euo pipefail

venv="${FELTSENSE_FHIR_VENV:-$HOME/.cache/feltsense/fhir-venv}"
python="$venv/bin/python"
pins=("fhir.resources==6.4.0" "pydantic==1.10.27")
stamp="$venv/.feltsense-pins"

if [ -x "$python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${pins[*]}" ]; then
  echo "$python"
  exit 0
fi
command -v python3 >/dev/null || { echo "python3 is needed for the FHIR validator" >&2; exit 1; }
mkdir -p "$(dirname "$venv")"
rm -rf "$venv"
python3 -m venv "$venv" >&2
"$python" -m pip install --quiet --disable-pip-version-check "${pins[@]}" >&2
"$python" -c 'import fhir.resources as f; assert f.__fhir_version__ == "4.0.1", f.__fhir_version__' >&2
echo "${pins[*]}" >"$stamp"
echo "$python"
