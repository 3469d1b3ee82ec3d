#!/bin/sh
# Automake test: the WINEDEBUG=+winhttp trace of the native library, seen
# through tools/fetch/winhttp-fetch (which starts its own loopback server):
# off by default and when switched off, on with the channel selected, and
# then one line per API call (entry and result) and per notification, in
# call order.
fetch=tools/fetch/winhttp-fetch
[ -x "$fetch" ] || { echo "trace.sh: $fetch not built" >&2; exit 99; }
out=$(mktemp) || exit 99
trap 'rm -f "$out"' EXIT
fail() { echo "FAIL: $*"; cat "$out"; exit 1; }

traced_lines() { # WINEDEBUG value -> number of trace lines
    WINEDEBUG=$1 "$fetch" > "$out" 2>&1 || fail "winhttp-fetch failed with WINEDEBUG=$1"
    grep -c '^winhttp:trace:' "$out"
}

env -u WINEDEBUG "$fetch" > "$out" 2>&1 || fail "winhttp-fetch failed"
[ "$(grep -c '^winhttp:trace:' "$out")" = 0 ] || fail "trace lines without WINEDEBUG"
for off in -all +winhttp,-winhttp warn+winhttp +wininet; do
    [ "$(traced_lines "$off")" = 0 ] || fail "trace lines with WINEDEBUG=$off"
done
[ "$(traced_lines trace+all)" -gt 0 ] || fail "no trace with WINEDEBUG=trace+all"
[ "$(traced_lines -all,+winhttp)" -gt 0 ] || fail "no trace with WINEDEBUG=-all,+winhttp"

# The send: entry, the six notifications with their payloads, the result.
sed -n 's/^winhttp:trace:[0-9a-f]*: //p' "$out" |
    sed -n '/^> WinHttpSendRequest$/,/^< WinHttpSendRequest/p' |
    sed 's/ context .*length \([0-9]*\).*info \(.*\)$/ length \1 info \2/; s/ context .*length \([0-9]*\)$/ length \1/' |
    sed 's/info [0-9][0-9]*$/info N/; s/handle 0x[0-9a-f]*/handle H/' > "$out.send"
cat > "$out.want" <<'WANT'
> WinHttpSendRequest
  notify RESOLVING_NAME handle H length 10 info "127.0.0.1"
  notify NAME_RESOLVED handle H length 10 info "127.0.0.1"
  notify CONNECTING_TO_SERVER handle H length 10 info "127.0.0.1"
  notify CONNECTED_TO_SERVER handle H length 10 info "127.0.0.1"
  notify SENDING_REQUEST handle H length 0
  notify REQUEST_SENT handle H length 4 info N
< WinHttpSendRequest = 0x1, last error 0
WANT
if ! diff -u "$out.want" "$out.send"; then
    rm -f "$out.want" "$out.send"
    fail "the traced SendRequest differs"
fi
rm -f "$out.want" "$out.send"
# The other calls and the three handles' HANDLE_CLOSING are there too.
grep -q '^winhttp:trace:[0-9a-f]*: < WinHttpCrackUrl = 0x1, last error 0$' "$out" || fail "no WinHttpCrackUrl result"
[ "$(grep -c 'notify HANDLE_CLOSING handle ' "$out")" = 3 ] || fail "not three HANDLE_CLOSING"
echo "PASS"
