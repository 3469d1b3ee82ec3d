# The benchmark (issue 3): our WinHTTP API against raw libcurl on loopback.
# Built with `all` so that it cannot rot, run only by `make bench` (never by
# `make check`: it is a measurement, not a test).
#
#   make bench                           full run: 5 rounds of each workload,
#                                        medians (about 50 s; about 10 s a
#                                        round, more under load)
#   make bench BENCH_ARGS="--quick"      smaller workloads, 1 round (seconds)
#   make bench BENCH_ARGS="--rounds 9"   more rounds where the machine is noisy
#   make bench BENCH_ARGS="--help"       every option
#   make bench-callgrind                 instructions per request, ours and
#                                        raw, under callgrind (load-proof)
#   make bench-callgrind CACHE_SIM=yes   and instruction-cache misses
noinst_PROGRAMS += tools/bench/winhttp-bench
tools_bench_winhttp_bench_SOURCES = \
	tools/bench/bench.h \
	tools/bench/child.c \
	tools/bench/curl_side.c \
	tools/bench/main.c \
	tools/bench/pattern.c \
	tools/bench/rounds.c \
	tools/bench/winhttp_side.c \
	tests/support/testserver.c \
	tests/support/testserver.h
tools_bench_winhttp_bench_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/tests/support \
	$(LIBCURL_CFLAGS) \
	-DWINHTTP_TESTSERVER_DEFAULT='"$(abs_top_builddir)/tools/testserver/winhttp-testserver$(EXEEXT)"'
tools_bench_winhttp_bench_LDADD = dlls/winhttp/libwinhttp.la $(LIBCURL_LIBS) -lpthread

BENCH_ARGS =
bench: tools/bench/winhttp-bench$(EXEEXT) tools/testserver/winhttp-testserver$(EXEEXT)
	tools/bench/winhttp-bench $(BENCH_ARGS)

# CALLGRIND_ARGS: workload (a or b), in-flight count, low and high request
# counts (tools/bench/callgrind.sh).
CALLGRIND_ARGS =
bench-callgrind: tools/bench/winhttp-bench$(EXEEXT) tools/testserver/winhttp-testserver$(EXEEXT)
	$(top_srcdir)/tools/bench/callgrind.sh $(CALLGRIND_ARGS)
EXTRA_DIST += tools/bench/callgrind.sh
