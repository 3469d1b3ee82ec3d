#!/bin/sh
# Automake test: the same trace under Wine, from our builtin: the PE smoke
# program's calls appear on stderr with WINEDEBUG=-all,+winhttp and not
# without it.
srcdir=${srcdir:-.}
builtin=dlls/winhttp/winhttp.dll.so
exe=tests/wine/smoke.exe
for f in "$builtin" "$exe"; do
    [ -f "$f" ] || { echo "trace-wine.sh: $f not built" >&2; exit 99; }
done
out=$(mktemp) || exit 99
trap 'rm -f "$out"' EXIT
WINEDEBUG=-all,+winhttp "$srcdir/tools/wine-run" --builtin "$builtin" --timeout 120 "$exe" > "$out" 2>&1
rc=$?
[ $rc = 0 ] || { cat "$out"; echo "FAIL: smoke.exe exited $rc"; exit 1; }
grep -q '^winhttp:trace:[0-9a-f]*: > WinHttpCrackUrl$' "$out" &&
grep -q '^winhttp:trace:[0-9a-f]*: < WinHttpCrackUrl = 0x1, last error 0$' "$out" &&
grep -q '^winhttp:trace:[0-9a-f]*:   notify HANDLE_CLOSING ' "$out" ||
    { cat "$out"; echo "FAIL: expected trace lines missing"; exit 1; }
WINEDEBUG=-all "$srcdir/tools/wine-run" --builtin "$builtin" --kill-server --timeout 120 "$exe" > "$out" 2>&1
if grep -q '^winhttp:trace:' "$out"; then cat "$out"; echo "FAIL: trace without the channel"; exit 1; fi
echo PASS
