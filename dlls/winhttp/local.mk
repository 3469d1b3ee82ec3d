# The library: libwinhttp.so (native) from the core objects plus the native
# host layer.  wine.mk links the same core objects into winhttp.dll.so.

noinst_LTLIBRARIES += dlls/winhttp/libwinhttp_core.la
dlls_winhttp_libwinhttp_core_la_SOURCES = \
	dlls/winhttp/api.h \
	dlls/winhttp/api_callback.cpp \
	dlls/winhttp/api_handles.cpp \
	dlls/winhttp/api_options.cpp \
	dlls/winhttp/handle_table.cpp \
	dlls/winhttp/handle_table.h \
	dlls/winhttp/host.h \
	dlls/winhttp/not_implemented.cpp \
	dlls/winhttp/object.cpp \
	dlls/winhttp/object.h \
	dlls/winhttp/objects.cpp \
	dlls/winhttp/objects.h \
	dlls/winhttp/option_buffer.h \
	dlls/winhttp/options.h \
	dlls/winhttp/options_table.cpp \
	dlls/winhttp/ref.h \
	dlls/winhttp/settings.h \
	dlls/winhttp/status_callback.cpp \
	dlls/winhttp/status_callback.h
dlls_winhttp_libwinhttp_core_la_CPPFLAGS = $(WINHTTP_LIB_CPPFLAGS)
# PIC even in a --disable-shared build: winegcc links these into a .so.
dlls_winhttp_libwinhttp_core_la_CXXFLAGS = $(AM_CXXFLAGS) -prefer-pic

lib_LTLIBRARIES = dlls/winhttp/libwinhttp.la
dlls_winhttp_libwinhttp_la_SOURCES = dlls/winhttp/host_native.cpp
dlls_winhttp_libwinhttp_la_CPPFLAGS = $(WINHTTP_LIB_CPPFLAGS)
dlls_winhttp_libwinhttp_la_LIBADD = dlls/winhttp/libwinhttp_core.la \
	$(LIBCURL_LIBS) $(GNUTLS_LIBS) -lpthread
# Exports exactly the spec's functions (the map is generated from it);
# nodelete because callback threads may outlive a dlclose.
dlls_winhttp_libwinhttp_la_LDFLAGS = -version-info 0:0:0 -no-undefined \
	-Wl,--version-script=dlls/winhttp/winhttp.map -Wl,-z,nodelete
EXTRA_dlls_winhttp_libwinhttp_la_DEPENDENCIES = dlls/winhttp/winhttp.map

dlls/winhttp/winhttp.map: $(top_srcdir)/dlls/winhttp/winhttp.spec $(top_srcdir)/tools/spec2map
	@$(MKDIR_P) dlls/winhttp
	$(AM_V_GEN)$(SHELL) $(top_srcdir)/tools/spec2map $(top_srcdir)/dlls/winhttp/winhttp.spec > $@
CLEANFILES += dlls/winhttp/winhttp.map
EXTRA_DIST += dlls/winhttp/winhttp.spec tools/spec2map

winhttpincludedir = $(includedir)/winhttp
winhttpinclude_HEADERS = include/winhttp.h include/winhttp_base.h
pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = winhttp.pc
