#!/bin/bash
# wine-compare.sh: run the PE conformance program under Wine twice, against
# our builtin and against Wine's own winhttp, and write a Markdown table of
# every case where the two differ (with Wine's failure message).
#
#   tests/conformance/wine-compare.sh EXE BUILTIN OUTPUT
#
# Run from the top build directory (`make wine-compare` does).  Both raw
# outputs are kept next to OUTPUT as wine-ours.out and wine-wine.out.
set -u
here=$(cd "$(dirname "$0")" && pwd)
exe=$1 builtin=$2 out=$3
dir=$(dirname "$out")
server=tools/testserver/winhttp-testserver
timeout=${WINHTTP_WINE_TEST_TIMEOUT:-180}

"$here/run-wine.sh" "$server" --builtin "$builtin" --verify --timeout "$timeout" "$exe" \
    > "$dir/wine-ours.out" 2>&1
ours_rc=$?
"$here/run-wine.sh" "$server" --wine-builtin --verify --kill-server --timeout "$timeout" "$exe" \
    > "$dir/wine-wine.out" 2>&1
wine_rc=$?

# "ok   NAME" / "FAIL NAME: message" lines -> NAME<TAB>ok|FAIL<TAB>message
results() {
    tr -d '\r' < "$1" | sed -n -e 's/^ok   \([^ ]*\)$/\1\tok\t/p' \
           -e 's/^FAIL \([^:]*\): \(.*\)$/\1\tFAIL\t\2/p'
}
summary() { tr -d '\r' < "$1" | grep -E '^[0-9]+ passed, [0-9]+ failed$' || echo "no summary line"; }
results "$dir/wine-ours.out" | sort -t "$(printf '\t')" -k1,1 > "$dir/.ours.tsv"
results "$dir/wine-wine.out" | sort -t "$(printf '\t')" -k1,1 > "$dir/.wine.tsv"

{
    echo "Conformance cases under Wine $(wine64 --version 2>/dev/null || echo 8): ours vs Wine's builtin winhttp"
    echo
    echo "ours:          $(summary "$dir/wine-ours.out") (exit $ours_rc)"
    echo "Wine's own:    $(summary "$dir/wine-wine.out") (exit $wine_rc)"
    echo
    echo "| case | ours | Wine's builtin | what Wine's builtin did |"
    echo "|---|---|---|---|"
    join -t "$(printf '\t')" -a 1 -a 2 -e missing -o 0,1.2,2.2,2.3 "$dir/.ours.tsv" "$dir/.wine.tsv" |
        awk -F '\t' '$2 != $3 { gsub(/\|/, "\\|", $4); printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4; n++ }
                     END { printf "\n%d case(s) differ.\n", n }'
} > "$out"
rm -f "$dir/.ours.tsv" "$dir/.wine.tsv"
