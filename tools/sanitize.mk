# make check-asan / make check-tsan: the whole test suite in its own tree,
# unpacked from `make distdir` (so it also proves the file lists complete)
# and compiled with the sanitizer; the normal build is left untouched.
# Invoked from the top Makefile with SANITIZER set, in the build directory.
asan_flags = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
tsan_flags = -fsanitize=thread -fno-omit-frame-pointer
flags = $($(SANITIZER)_flags)
dir = build-$(SANITIZER)
# What to make there: the test suite, or the soak (make soak-asan/-tsan).
goal = check

all:
	rm -rf $(dir)
	$(MAKE) distdir distdir=$(dir)
	cd $(dir) && ./configure -q --without-wine --without-mingw
	cd $(dir) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
		$(MAKE) $(goal) SANITIZE_FLAGS="$(flags)" SOAK_ARGS="$(SOAK_ARGS)"
