#!/bin/sh
# Automake test: the PE conformance program under Wine against OUR builtin
# (tools/wine-run --builtin ... --verify proves ours was loaded).  Run from
# the top build directory by the test harness, which sets $srcdir.
srcdir=${srcdir:-.}
builtin=dlls/winhttp/winhttp.dll.so
exe=tests/conformance/conformance.exe
server=tools/testserver/winhttp-testserver
for f in "$builtin" "$exe" "$server"; do
    [ -f "$f" ] || { echo "wine-ours.sh: $f not built" >&2; exit 99; }
done
"$srcdir/tests/conformance/run-wine.sh" "$server" --builtin "$builtin" --verify --kill-server \
    --timeout "${WINHTTP_WINE_TEST_TIMEOUT:-120}" "$exe"
rc=$?
case $rc in
    125) echo "wine-ours.sh: wine-run failed (not a test result)" >&2; exit 99 ;;
    124) echo "wine-ours.sh: timed out" >&2; exit 1 ;;
esac
exit $rc
