#!/bin/sh
# Automake test: run tests/wine/smoke.exe under Wine with our builtin
# winhttp.dll.so, prove that ours was loaded (--verify), stop the wineserver.
# Run from the top build directory by the test harness, which sets $srcdir.
# The Wine prefix is cached (WINHTTP_WINE_CACHE, default ~/.cache/winhttp-wine);
# the first run creates it (about 15 s).
srcdir=${srcdir:-.}
builtin=dlls/winhttp/winhttp.dll.so
exe=tests/wine/smoke.exe
for f in "$builtin" "$exe"; do
    [ -f "$f" ] || { echo "smoke.sh: $f not built" >&2; exit 99; }
done
"$srcdir/tools/wine-run" --builtin "$builtin" --verify --kill-server \
    --timeout "${WINHTTP_WINE_TEST_TIMEOUT:-120}" "$exe"
rc=$?
case $rc in
    125) echo "smoke.sh: wine-run failed (not a test result)" >&2; exit 99 ;;
    124) echo "smoke.sh: timed out" >&2; exit 1 ;;
esac
exit $rc
