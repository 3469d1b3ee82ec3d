# make check-asan / make check-tsan: the whole test suite in a separate build
# tree compiled with the sanitizer, so the normal build is untouched.
# Invoked from the top Makefile with SANITIZER and srcdir set.
asan_flags = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
tsan_flags = -fsanitize=thread -fno-omit-frame-pointer
flags = $($(SANITIZER)_flags)
dir = build-$(SANITIZER)

all:
	mkdir -p $(dir)
	cd $(dir) && { test -f Makefile || $(srcdir)/configure --without-wine --without-mingw -q; }
	cd $(dir) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
		$(MAKE) check SANITIZE_FLAGS="$(flags)"
