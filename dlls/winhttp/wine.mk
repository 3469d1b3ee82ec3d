# wine.mk: the Wine builtin, dlls/winhttp/winhttp.dll.so.
#
# Included from the top-level Makefile.am inside "if WITH_WINE ... endif"
# (non-recursive automake; paths are relative to the top directory).
#
# The builtin is linked by winegcc from the spec and the SAME objects as the
# native library: the convenience library dlls/winhttp/libwinhttp_core.la
# (everything but the host layer) plus the Wine host layer below.  winegcc
# (winebuild) turns the spec into the PE export table and every undefined
# kernel32 symbol (SetLastError, CreateThread, ...) into an import of
# kernel32.dll; -Wl,-z,defs is implied, so every host library the objects use
# must be on the command line.
#
# Expected from Makefile.am/configure.ac:
#   noinst_LTLIBRARIES, CLEANFILES defined (with "=") before the include;
#   dlls/winhttp/winhttp.spec in an UNCONDITIONAL EXTRA_DIST (this file is
#   included under "if WITH_WINE", so a list here would be lost from a
#   tarball made by a --without-wine build);
#   dlls/winhttp/libwinhttp_core.la with PIC objects (true by default; with
#   --disable-shared, give its _CXXFLAGS/_CFLAGS -prefer-pic as done below);
#   LIBCURL_LIBS and GNUTLS_LIBS (PKG_CHECK_MODULES([LIBCURL], [libcurl]),
#   PKG_CHECK_MODULES([GNUTLS], [gnutls])); WINEGCC and WITH_WINE
#   (WINHTTP_CHECK_WINE from m4/wine.m4).

# The Wine host layer: kernel32's last-error and CreateThread.
noinst_LTLIBRARIES += dlls/winhttp/libwinhttp_hostwine.la
dlls_winhttp_libwinhttp_hostwine_la_SOURCES = dlls/winhttp/host_wine.cpp
dlls_winhttp_libwinhttp_hostwine_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/dlls/winhttp -I$(top_srcdir)/include
# -prefer-pic: PIC objects even in a --disable-shared build (winegcc -shared).
dlls_winhttp_libwinhttp_hostwine_la_CXXFLAGS = $(AM_CXXFLAGS) -prefer-pic

# Host libraries of the objects; C++ runtime included (winegcc drives gcc).
WINHTTP_WINE_LIBS = $(LIBCURL_LIBS) $(GNUTLS_LIBS) -lstdc++ -lm
WINHTTP_WINE_ARCHIVES = \
	dlls/winhttp/.libs/libwinhttp_core.a \
	dlls/winhttp/.libs/libwinhttp_hostwine.a

dlls/winhttp/winhttp.dll.so: $(top_srcdir)/dlls/winhttp/winhttp.spec \
		dlls/winhttp/libwinhttp_core.la dlls/winhttp/libwinhttp_hostwine.la
	$(AM_V_GEN)$(WINEGCC) -shared -o $@ $(top_srcdir)/dlls/winhttp/winhttp.spec \
		-Wl,--whole-archive $(WINHTTP_WINE_ARCHIVES) -Wl,--no-whole-archive \
		$(WINHTTP_WINE_LIBS) -lkernel32

# Installed where a private Wine tree (see tools/wine-run) can link to it.
winebuiltindir = $(pkglibdir)/wine/x86_64-unix
winebuiltin_DATA = dlls/winhttp/winhttp.dll.so
CLEANFILES += dlls/winhttp/winhttp.dll.so
