#!/bin/sh
# Automake test: the same under Wine with our builtin: FreeLibrary of
# winhttp.dll with a sync request blocked in another thread, then process
# exit; process exit with the call blocked; and the clean close-then-unload
# path.  Exit status 0 also proves the wineserver did not kill a slow exit
# (it SIGKILLs after about 0.4 s: status 137).
srcdir=${srcdir:-.}
builtin=dlls/winhttp/winhttp.dll.so
exe=tests/exit/unload_inflight.exe
server=tools/testserver/winhttp-testserver
for f in "$builtin" "$exe" "$server"; do
    [ -f "$f" ] || { echo "exit-wine.sh: $f not built" >&2; exit 99; }
done
status=0
for mode in unload exit close-unload async-unload async-exit; do
    [ $mode = async-exit ] && last=--kill-server || last=
    out=$("$srcdir/tests/conformance/run-wine.sh" "$server" --builtin "$builtin" --verify $last \
        --timeout 60 "$exe" "$mode" 2>&1)
    rc=$?
    out=$(printf '%s\n' "$out" | tr -d '\r')  # the PE program writes CRLF
    printf '%s\n' "$out" | sed "s/^/[$mode] /"
    if [ $rc != 0 ] || ! printf '%s\n' "$out" | grep -qx exiting; then
        echo "FAIL $mode: exit status $rc"
        status=1
    else
        echo "ok   $mode"
    fi
done
exit $status
