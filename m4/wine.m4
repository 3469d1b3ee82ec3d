# wine.m4: configure checks for the Wine builtin and the mingw-w64 test build.
#
# WINHTTP_CHECK_WINE
# ------------------
# --with-wine / --without-wine (default: build when it works).
# Looks for winegcc (PATH, then /usr/lib/wine) and checks that it can link a
# Wine builtin DLL (.dll.so) from a spec file and an object compiled by the
# host C compiler with -fPIC and ms_abi, importing kernel32 the winelib way.
# x86-64 hosts only (WINAPI is ms_abi there; the host layer relies on it).
# Defines: WINEGCC (precious), AM_CONDITIONAL WITH_WINE.
AC_DEFUN([WINHTTP_CHECK_WINE], [
AC_REQUIRE([AC_CANONICAL_HOST])
AC_REQUIRE([AC_PROG_CC])
AC_ARG_WITH([wine],
  [AS_HELP_STRING([--without-wine],
    [do not build the Wine builtin winhttp.dll.so (default: build it if winegcc works)])],
  [], [with_wine=check])
AC_ARG_VAR([WINEGCC], [Wine's compiler driver, used to link winhttp.dll.so])
winhttp_have_wine=no
AS_IF([test "x$with_wine" != xno], [
  AS_CASE([$host_cpu],
    [x86_64], [
      AC_PATH_PROG([WINEGCC], [winegcc], [], [$PATH$PATH_SEPARATOR/usr/lib/wine])
      AS_IF([test -n "$WINEGCC"], [
        AC_CACHE_CHECK([whether $WINEGCC links a builtin DLL from a spec],
          [winhttp_cv_winegcc_builtin], [
          winhttp_cv_winegcc_builtin=no
          rm -rf conftest.wine
          mkdir conftest.wine
          cat > conftest.wine/conftest.spec <<'_WINHTTP_EOF'
@ stdcall ConftestEntry()
_WINHTTP_EOF
          cat > conftest.wine/conftest.c <<'_WINHTTP_EOF'
__attribute__((ms_abi)) void SetLastError(unsigned int);
__attribute__((ms_abi)) int ConftestEntry(void) { SetLastError(0); return 1; }
_WINHTTP_EOF
          AS_IF([AC_RUN_LOG([$CC $CFLAGS -fPIC -c -o conftest.wine/conftest.o conftest.wine/conftest.c]) &&
                 AC_RUN_LOG([$WINEGCC -shared -o conftest.wine/conftest.dll.so conftest.wine/conftest.spec conftest.wine/conftest.o -lkernel32]) &&
                 test -s conftest.wine/conftest.dll.so],
                [winhttp_cv_winegcc_builtin=yes])
          rm -rf conftest.wine])
        AS_IF([test "x$winhttp_cv_winegcc_builtin" = xyes], [winhttp_have_wine=yes])
      ])
    ],
    [AC_MSG_NOTICE([Wine builtin: only x86-64 hosts are supported, not $host_cpu])])
  AS_IF([test "x$with_wine" = xyes && test "x$winhttp_have_wine" != xyes],
    [AC_MSG_ERROR([--with-wine: winegcc cannot link a builtin (Debian: apt install wine64-tools)])])
])
AC_MSG_CHECKING([whether to build the Wine builtin winhttp.dll.so])
AC_MSG_RESULT([$winhttp_have_wine])
AM_CONDITIONAL([WITH_WINE], [test "x$winhttp_have_wine" = xyes])
])

# WINHTTP_CHECK_MINGW
# -------------------
# --with-mingw / --without-mingw (default: use it when it works).
# Looks for the mingw-w64 C compiler that builds the PE test programs and
# checks that it links against mingw's winhttp import library.
# Defines: MINGW_CC (precious), AM_CONDITIONAL WITH_MINGW.
AC_DEFUN([WINHTTP_CHECK_MINGW], [
AC_ARG_WITH([mingw],
  [AS_HELP_STRING([--without-mingw],
    [do not build the Windows (PE) test programs (default: build them if x86_64-w64-mingw32-gcc works)])],
  [], [with_mingw=check])
AC_ARG_VAR([MINGW_CC], [mingw-w64 C compiler for the PE test programs])
winhttp_have_mingw=no
AS_IF([test "x$with_mingw" != xno], [
  AC_PATH_PROGS([MINGW_CC], [x86_64-w64-mingw32-gcc x86_64-w64-mingw32-gcc-posix x86_64-w64-mingw32-gcc-win32])
  AS_IF([test -n "$MINGW_CC"], [
    AC_CACHE_CHECK([whether $MINGW_CC links with -lwinhttp], [winhttp_cv_mingw_winhttp], [
      winhttp_cv_mingw_winhttp=no
      cat > conftest-mingw.c <<'_WINHTTP_EOF'
#include <windows.h>
#include <winhttp.h>
int main(void) { return WinHttpCheckPlatform() ? 0 : 1; }
_WINHTTP_EOF
      AS_IF([AC_RUN_LOG([$MINGW_CC -o conftest-mingw.exe conftest-mingw.c -lwinhttp]) &&
             test -s conftest-mingw.exe], [winhttp_cv_mingw_winhttp=yes])
      rm -f conftest-mingw.c conftest-mingw.exe])
    AS_IF([test "x$winhttp_cv_mingw_winhttp" = xyes], [winhttp_have_mingw=yes])
  ])
  AS_IF([test "x$with_mingw" = xyes && test "x$winhttp_have_mingw" != xyes],
    [AC_MSG_ERROR([--with-mingw: no working x86_64-w64-mingw32-gcc (Debian: apt install gcc-mingw-w64-x86-64)])])
])
AC_MSG_CHECKING([whether to build the PE test programs])
AC_MSG_RESULT([$winhttp_have_mingw])
AM_CONDITIONAL([WITH_MINGW], [test "x$winhttp_have_mingw" = xyes])
])
