#!/usr/bin/env bash
# Peak memory of every whole-journal export and import (issue 26), on demo journals of 10 and
# 50 years: `feltsense export` as JSON, CSV, the PDF report of everything and a FHIR bundle, and
# `feltsense import` of the JSON file into an empty journal, each under /usr/bin/time -v (peak
# resident set size, wall time). Prints one row per journal and a line per run.
#
# Usage: scripts/export-memory-bench.sh [feltsense (release)] [years ...]
# Build it first (release profile, as shipped): cargo build --release --bin feltsense
set -euo pipefail
app=$(realpath "${1:-target/release/feltsense}")
shift || true
years=("${@:-10 50}")
read -r -a years <<<"${years[*]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs "$@" under /usr/bin/time; prints "peak-MB seconds".
measure() {
    /usr/bin/time -v -o "$work/time" "$@" >/dev/null
    awk -F': ' '/Maximum resident set size/ {kb=$2} /Elapsed \(wall clock\)/ {t=$2}
        END {n=split(t, p, ":"); s=0; for (i=1; i<=n; i++) s=s*60+p[i]; printf "%.0f %.2f\n", kb/1024, s}' "$work/time"
}

printf '| journal | entries | JSON file | JSON export | JSON import | PDF of everything | CSV | FHIR |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for y in "${years[@]}"; do
    db="$work/j$y.sqlite"
    "$app" --db "$db" demo --years "$y" --seed 42 >/dev/null
    n=$("$app" --db "$db" export --format json -o "$work/count.json" | grep -o '[0-9]\+' | head -1)
    json=$(measure "$app" --db "$db" export --format json -o "$work/j$y.json")
    size=$(du -m "$work/j$y.json" | cut -f1)
    imp=$(measure "$app" --db "$work/empty$y.sqlite" import "$work/j$y.json")
    pdf=$(measure "$app" --db "$db" export --format pdf --from 1900-01-01 -o "$work/r$y.pdf")
    csv=$(measure "$app" --db "$db" export --format csv -o "$work/t$y.csv")
    fhir=$(measure "$app" --db "$db" export --format fhir -o "$work/f$y.json")
    cell() { set -- $1; printf '%s MB, %s s' "$1" "$2"; }
    printf '| %s years | %s | %s MB | %s | %s | %s | %s | %s |\n' "$y" "$n" "$size" \
        "$(cell "$json")" "$(cell "$imp")" "$(cell "$pdf")" "$(cell "$csv")" "$(cell "$fhir")"
    rm -f "$work"/*"$y"*
done
