#!/bin/bash
# A short run of the soak (tools/soak, make soak) inside the test suite, so
# that make check-asan and check-tsan also run the random mix of async and
# sync requests, closes from callbacks and from other threads, and check
# its invariants.  The long runs stay behind make soak.
set -eu
soak=tools/soak/winhttp-soak
[ -x "$soak" ] || { echo "no $soak" >&2; exit 99; }
exec "$soak" --seconds "${SOAK_SHORT_SECONDS:-5}" --inflight 32 --sync-threads 3
