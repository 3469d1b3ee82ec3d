#!/bin/sh
# Instructions per request, ours and raw libcurl, for the small-request
# workloads of make bench: a measure that, unlike the wall clock, does not
# move with the machine's load.  Each side runs under callgrind twice, with
# LOW and HIGH requests; the difference divided by HIGH - LOW leaves the
# process start-up out.  Needs valgrind.
#
#   tools/bench/callgrind.sh [WORKLOAD [INFLIGHT [LOW HIGH]]]
#   WORKLOAD: a (sequential, sync) or b (async; the default), INFLIGHT 32.
set -eu
workload=${1:-b}
inflight=${2:-32}
low=${3:-1000}
high=${4:-3000}
bench=${BENCH:-tools/bench/winhttp-bench}
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The instructions of the busiest process of one run (the side's child).
# One round: instruction counts do not swing with the load, so more rounds
# would only multiply the time under valgrind.
instructions() {
    rm -f "$dir"/out.*
    valgrind --tool=callgrind --callgrind-out-file="$dir/out.%p" --trace-children=yes \
        --trace-children-skip='*testserver*' "$bench" --only "$workload" --requests "$2" \
        --sequential "$2" --inflight "$inflight" --side "$1" --rounds 1 >/dev/null 2>&1
    grep -h '^totals:' "$dir"/out.* | awk '{print $2}' | sort -n | tail -1
}

per_request() {
    a=$(instructions "$1" "$low")
    b=$(instructions "$1" "$high")
    echo $(( (b - a) / (high - low) ))
}

ours=$(per_request ours)
raw=$(per_request raw)
echo "workload ($workload), $inflight in flight: instructions per request"
echo "  ours (WinHTTP API)  $ours"
echo "  raw libcurl         $raw"
awk -v o="$ours" -v r="$raw" 'BEGIN { printf "  raw/ours            %.2fx (as a throughput ratio)\n", r / o }'
