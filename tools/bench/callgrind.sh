#!/bin/sh
# Instructions per request, ours and raw libcurl, for the small-request
# workloads of make bench: a measure that, unlike the wall clock, does not
# move with the machine's load.  Each side runs under callgrind twice, with
# LOW and HIGH requests; the difference divided by HIGH - LOW leaves the
# process start-up out.  Needs valgrind.
#
#   tools/bench/callgrind.sh [WORKLOAD [INFLIGHT [LOW HIGH]]]
#   WORKLOAD: a (sequential, sync) or b (async; the default), INFLIGHT 32.
#
# CACHE_SIM=yes also counts first-level instruction-cache misses per
# request (callgrind --cache-sim=yes, about twice as slow): where the
# instruction counts are close, that is what still separates the sides on
# the wall clock (README, Performance).
set -eu
workload=${1:-b}
inflight=${2:-32}
low=${3:-1000}
high=${4:-3000}
bench=${BENCH:-tools/bench/winhttp-bench}
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cache_sim=${CACHE_SIM:-no}

# The instructions of the busiest process of one run (the side's child),
# and with CACHE_SIM=yes its instruction-cache misses (the fifth event of
# callgrind's totals line: Ir Dr Dw I1mr ...), as "IR MISSES".
# One round: instruction counts do not swing with the load, so more rounds
# would only multiply the time under valgrind.
counts() {
    rm -f "$dir"/out.*
    valgrind --tool=callgrind --cache-sim="$cache_sim" --callgrind-out-file="$dir/out.%p" \
        --trace-children=yes --trace-children-skip='*testserver*' "$bench" --only "$workload" \
        --requests "$2" --sequential "$2" --inflight "$inflight" --side "$1" --rounds 1 >/dev/null 2>&1
    grep -h '^totals:' "$dir"/out.* | awk '{print $2, ($5 == "" ? 0 : $5)}' | sort -n | tail -1
}

# "IR MISSES" per request: the difference between the two runs.
per_request() {
    a=$(counts "$1" "$low")
    b=$(counts "$1" "$high")
    echo "$a $b" | awk -v n=$((high - low)) '{ printf "%d %d\n", ($3 - $1) / n, ($4 - $2) / n }'
}

ours=$(per_request ours)
raw=$(per_request raw)
echo "workload ($workload), $inflight in flight: instructions per request"
echo "  ours (WinHTTP API)  ${ours% *}"
echo "  raw libcurl         ${raw% *}"
awk -v o="${ours% *}" -v r="${raw% *}" 'BEGIN { printf "  raw/ours            %.2fx (as a throughput ratio)\n", r / o }'
if [ "$cache_sim" = yes ]; then
    echo "first-level instruction-cache misses per request"
    echo "  ours (WinHTTP API)  ${ours#* }"
    echo "  raw libcurl         ${raw#* }"
fi
