#!/usr/bin/env bash
# The same question at any journal size: process CPU time (user + system) of a one-month
# `feltsense list` and an 8-week PDF report on a 1-year and a 30-year demo journal, each the median
# of N runs, and the ratio 30 years / 1 year (goal: at most 1.5). Opening a journal that Feltsense
# closed cleanly does not read it whole (src/store/verified.rs); the first open of each journal
# (new to this machine) does, and is not counted.
#
# Usage: scripts/same-question-bench.sh [path/to/feltsense (release)] [runs]
# Needs: GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
bin=$(realpath "${1:-target/release/feltsense}")
runs=${2:-5}
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt install time" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$HOME"

# CPU seconds (user + system) of one run of the command.
cpu() {
  /usr/bin/time -f '%U %S' -o "$work/t" "$@" >/dev/null 2>&1
  awk '{ printf "%.4f\n", $1 + $2 }' "$work/t"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -A result
for years in 1 30; do
  db="$work/j$years.sqlite"
  "$bin" --db "$db" demo --years "$years" --seed 1 >/dev/null
  # The demo journal ends today: ask for the last full month and the default 8 weeks.
  from=$(date -d "$(date +%Y-%m-01) -1 month" +%F)
  to=$(date -d "$(date +%Y-%m-01) -1 day" +%F)
  "$bin" --db "$db" list --from "$from" --to "$to" >/dev/null # the first open: checked in full
  echo "$years year(s): $(sqlite3 "$db" 'SELECT COUNT(*) FROM entries') entries, $(du -h "$db" | cut -f1)"
  for q in list pdf; do
    for _ in $(seq "$runs"); do
      if [ "$q" = list ]; then
        cpu "$bin" --db "$db" list --from "$from" --to "$to"
      else
        cpu "$bin" --db "$db" export --format pdf -o "$work/r.pdf"
      fi
    done >"$work/$q$years"
    result[$q$years]=$(median <"$work/$q$years")
    echo "  $q: median $(printf '%.1f' "$(echo "${result[$q$years]} * 1000" | bc -l)") ms CPU ($(tr '\n' ' ' <"$work/$q$years")s)"
  done
done
for q in list pdf; do
  printf '%s: 30 years / 1 year = %.2f\n' "$q" "$(echo "${result[${q}30]} / ${result[${q}1]}" | bc -l)"
done
