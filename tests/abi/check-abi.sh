#!/bin/sh
# Checks that every numeric constant and structure layout in our winhttp.h
# equals Windows' as mingw-w64's headers give it.  Our values are computed by
# a native program; the comparison is a set of static assertions compiled
# (not run) with the mingw cross compiler.  Skips (77) without mingw.
set -eu
srcdir=${srcdir:-$(dirname "$0")/../..}
top=$(cd "$srcdir" && pwd)
CC=${CC:-cc}
MINGW_CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
command -v "$MINGW_CC" >/dev/null 2>&1 || { echo "SKIP: no $MINGW_CC"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every object-like macro with a value, except include guards and the
# calling-convention/platform plumbing, and the "last value" markers that
# move with each Windows SDK (mingw-w64 12 carries an older SDK's).
grep -hE '^#define [A-Z_][A-Z0-9_]* +[^ ]' "$top/include/winhttp.h" "$top/include/wincrypt.h" |
    awk '{print $2}' |
    grep -vE '^(WINHTTP_ERROR_LAST|WINHTTP_LAST_OPTION|WINHTTP_PROTOCOL_MASK|WINHTTP_H|WINHTTPAPI|WINHTTP_NO_|WINHTTP_DEFAULT_ACCEPT_TYPES|WINHTTP_HEADER_NAME_BY_INDEX|WINHTTP_INVALID_STATUS_CALLBACK)' |
    sort -u > "$work/names"

{
    echo '#include <stdio.h>'
    echo '#include "winhttp.h"'
    echo '#include "wincrypt.h"'
    echo 'int main(void) {'
    while read -r n; do
        printf '    printf("%s %%llu\\n", (unsigned long long)(%s));\n' "$n" "$n"
    done < "$work/names"
    cat "$top/tests/abi/layouts.txt" | while read -r kind a b; do
        case "$kind" in
        size) printf '    printf("sizeof_%s %%llu\\n", (unsigned long long)sizeof(%s));\n' "$a" "$a" ;;
        enum) printf '    printf("enum_%s %%llu\\n", (unsigned long long)(%s));\n' "$a" "$a" ;;
        offset) printf '    printf("offsetof_%s_%s %%llu\\n", (unsigned long long)__builtin_offsetof(%s, %s));\n' "$a" "$b" "$a" "$b" ;;
        esac
    done
    echo '    return 0; }'
} > "$work/ours.c"
$CC -I"$top/include" "$work/ours.c" -o "$work/ours"
"$work/ours" > "$work/values"

{
    echo "#include <winsock2.h>"
    echo "#include <windows.h>"
    echo '#include <winhttp.h>'
    echo '#include <stddef.h>'
    while read -r n v; do
        case "$n" in
        sizeof_*) t=${n#sizeof_}; echo "_Static_assert(sizeof($t) == ${v}ull, \"$n\");" ;;
        offsetof_*) ;;
        enum_*) t=${n#enum_}; echo "_Static_assert($t == ${v}ull, \"$t\");" ;;
        *) printf '#ifdef %s\n_Static_assert((unsigned long long)(%s) == %sull, "%s");\n#else\n#warning not in mingw: %s\n#endif\n' "$n" "$n" "$v" "$n" "$n" ;;
        esac
    done < "$work/values"
    grep '^offset' "$top/tests/abi/layouts.txt" | while read -r kind a b; do
        v=$(grep "^offsetof_${a}_$b " "$work/values" | awk '{print $2}')
        echo "_Static_assert(offsetof($a, $b) == ${v}ull, \"offsetof $a.$b\");"
    done
} > "$work/check.c"
$MINGW_CC -c -w -Wno-cpp "$work/check.c" -o "$work/check.o" 2> "$work/errors" || {
    grep -E 'error|static assert' "$work/errors" | head -50
    echo "FAIL: our winhttp.h differs from Windows' (see above)"
    exit 1
}
count=$(wc -l < "$work/values")
echo "PASS: $count constants and layouts match mingw-w64's winhttp.h"
