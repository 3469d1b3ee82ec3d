#!/bin/bash
# libwinhttp.so exports exactly the spec's functions plus the host layer's
# GetLastError/SetLastError, and LocalFree/GlobalFree/CertFreeCertificateContext for what
# the TLS and proxy functions hand out: nothing missing, nothing extra.
set -eu
srcdir=${srcdir:-.}
lib=dlls/winhttp/.libs/libwinhttp.so
[ -f "$lib" ] || { echo "no $lib" >&2; exit 99; }
expected=$( { sed -n 's/^@ *stdcall *\([A-Za-z0-9_]*\)(.*/\1/p' "$srcdir/dlls/winhttp/winhttp.spec"; echo GetLastError; echo SetLastError; echo LocalFree; echo GlobalFree; echo CertFreeCertificateContext; } | sort)
actual=$(nm -D --defined-only "$lib" | awk '$2 == "T" {print $3}' | sort)
if [ "$expected" != "$actual" ]; then
    echo "export mismatch (< spec, > library):"
    diff <(echo "$expected") <(echo "$actual") || true
    exit 1
fi
echo "PASS: $(echo "$actual" | wc -l) exports match winhttp.spec"
