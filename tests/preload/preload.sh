#!/bin/sh
# Automake test: a program linked against another provider of the WinHTTP
# API (the deliberately wrong tests/preload/libwinhttpstub.so) gets OUR
# functions when run with LD_PRELOAD=libwinhttp.so.  The plain run must show
# the stub's answers first, so the preloaded run cannot pass by accident.
# Run from the top build directory by the test harness.
app=tests/preload/preload_app
lib=$(pwd)/dlls/winhttp/.libs/libwinhttp.so
[ -x "$app" ] && [ -f "$lib" ] || { echo "preload.sh: $app or $lib not built" >&2; exit 99; }

# A sanitizer build (make check-asan/-tsan) needs its runtime first in the
# list of preloaded objects.
runtime=$(ldd "$app" | sed -n 's/^[[:space:]]*lib[at]san\.so[^ ]* => \([^ ]*\).*/\1/p' | head -n 1)

echo "--- linked against the stub, no LD_PRELOAD"
if [ -n "$runtime" ]; then LD_PRELOAD=$runtime "$app" stub; else "$app" stub; fi || exit 1
echo "--- LD_PRELOAD=$lib"
LD_PRELOAD="${runtime:+$runtime }$lib" "$app" ours || exit 1
