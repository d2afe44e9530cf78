#!/usr/bin/env bash
# The same question at any journal size: process CPU time (user + system) of a one-month
# `feltsense list` and an 8-week PDF report on a 1-year and a 30-year demo journal, each the median
# of N runs, and the ratio 30 years / 1 year (goal: at most 1.5). Opening a journal that Feltsense
# closed cleanly does not read it whole (src/store/verified.rs); the first open of each journal
# (new to this machine) does, and is not counted.
#
# Usage: scripts/same-question-bench.sh [path/to/feltsense (release)] [runs]
# Needs: python3 (reads the finished process's CPU time from the kernel, to the microsecond), bc,
# sqlite3.
set -euo pipefail
bin=$(realpath "${1:-target/release/feltsense}")
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
mkdir -p "$HOME"

# CPU seconds (user + system) of one run of the command.
cpu() {
  # The difference before and after the run: a python started through a wrapper (pyenv's shims)
  # already counts the wrapper's own children.
  python3 -c '
import resource, subprocess, sys
cpu = lambda u: u.ru_utime + u.ru_stime
before = cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(f"{cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - before:.5f}")' "$@"
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
  # "full": the list with the check stamp removed first, so the file is read whole as every open
  # did before the stamp (the comparison in the same run).
  for q in list pdf full; do
    for _ in $(seq "$runs"); do
      case $q in
        list) cpu "$bin" --db "$db" list --from "$from" --to "$to" ;;
        pdf) cpu "$bin" --db "$db" export --format pdf -o "$work/r.pdf" ;;
        full) rm -f "$db.checked" && cpu "$bin" --db "$db" list --from "$from" --to "$to" ;;
      esac
    done >"$work/$q$years"
    result[$q$years]=$(median <"$work/$q$years")
    echo "  $q: median $(printf '%.2f' "$(echo "${result[$q$years]} * 1000" | bc -l)") ms CPU (runs: $(tr '\n' ' ' <"$work/$q$years")s)"
  done
done
for q in list pdf full; do
  printf '%s: 30 years / 1 year = %.2f\n' "$q" "$(echo "${result[${q}30]} / ${result[${q}1]}" | bc -l)"
done
