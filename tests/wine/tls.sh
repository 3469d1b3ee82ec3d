#!/bin/sh
# Automake test: HTTPS under Wine with our builtin.  Starts tests/wine/tls-server
# (native; certificates made at test time), points SSL_CERT_FILE at its CA,
# and runs tests/wine/tls.exe against it with tools/wine-run.
srcdir=${srcdir:-.}
builtin=dlls/winhttp/winhttp.dll.so
exe=tests/wine/tls.exe
server=tests/wine/tls-server
for f in "$builtin" "$exe" "$server"; do
    [ -f "$f" ] || { echo "tls.sh: $f not built" >&2; exit 99; }
done
dir=$(mktemp -d) || exit 99
mkfifo "$dir/control" || exit 99
"$server" "$dir" < "$dir/control" > "$dir/info" &
server_pid=$!
exec 3> "$dir/control"   # the server runs until this closes
cleanup() { exec 3>&-; wait "$server_pid"; rm -rf "$dir"; }
trap cleanup EXIT
i=0
while [ ! -s "$dir/info" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
read -r valid expired client_auth cafile pfx der < "$dir/info" || { echo "tls.sh: server did not start" >&2; exit 99; }
SSL_CERT_FILE=$cafile SSL_CERT_DIR=$dir/empty "$srcdir/tools/wine-run" --builtin "$builtin" --verify \
    --kill-server --timeout "${WINHTTP_WINE_TEST_TIMEOUT:-120}" "$exe" "$valid" "$expired" "$client_auth" "Z:$pfx" "Z:$der"
rc=$?
case $rc in
    125) echo "tls.sh: wine-run failed (not a test result)" >&2; exit 99 ;;
    124) echo "tls.sh: timed out" >&2; exit 1 ;;
esac
exit $rc
