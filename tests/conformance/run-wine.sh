#!/bin/bash
# run-wine.sh: run the PE conformance program under Wine with the loopback
# test server running.  The server is the Linux build (tools/testserver); it
# listens on 127.0.0.1 and its port reaches the PE program in the
# environment variable WINHTTP_TEST_PORT (Wine passes the Unix environment
# on to Windows programs).
#
#   tests/conformance/run-wine.sh SERVER [wine-run options] EXE [case filters]
#
# SERVER is tools/testserver/winhttp-testserver; everything after it goes to
# tools/wine-run, e.g.
#   run-wine.sh tools/testserver/winhttp-testserver \
#       --builtin dlls/winhttp/winhttp.dll.so --verify tests/conformance/conformance.exe
#   run-wine.sh tools/testserver/winhttp-testserver \
#       --wine-builtin tests/conformance/conformance.exe request.
# Exit status: wine-run's (the program's, 124 on timeout, 125 if wine-run
# failed); 99 if the server did not start.
set -u
here=$(cd "$(dirname "$0")" && pwd)
server=$1
shift

# The server exits when its stdin (a pipe only this script holds) closes.
coproc TESTSERVER { exec "$server" --exit-on-eof; }
server_pid=$TESTSERVER_PID
trap 'kill "$server_pid" 2>/dev/null' EXIT
line=
read -r -t 10 line <&"${TESTSERVER[0]}" || true
case $line in
    "PORT "*) export WINHTTP_TEST_PORT=${line#PORT } ;;
    *) echo "run-wine.sh: test server did not start ($server)" >&2; exit 99 ;;
esac
# Wine (and a wineserver it starts, which outlives us) must not inherit the
# server's pipes.
eval '"$here/../../tools/wine-run" "$@"' "${TESTSERVER[1]}>&- ${TESTSERVER[0]}<&-"
rc=$?
exit "$rc"
