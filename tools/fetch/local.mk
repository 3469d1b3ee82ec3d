# The main job: a client that fetches a URL through our API and prints the
# WinHTTP notification trace (tools/fetch/winhttp-fetch.c).
noinst_PROGRAMS += tools/fetch/winhttp-fetch
tools_fetch_winhttp_fetch_SOURCES = tools/fetch/winhttp-fetch.c \
	tests/support/testserver.c tests/support/testserver.h
tools_fetch_winhttp_fetch_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/tests/support \
	-DWINHTTP_TESTSERVER_DEFAULT='"$(abs_top_builddir)/tools/testserver/winhttp-testserver$(EXEEXT)"'
tools_fetch_winhttp_fetch_LDADD = dlls/winhttp/libwinhttp.la
