// WINEDEBUG parsing for the trace (dlls/winhttp/trace.cpp): Wine's syntax,
// comma-separated "[class][+-]channel" items, the last item about us wins.
extern "C" {
#include "cmocka_all.h"
}
#include "trace.h"

using winhttp::trace::selected;

static void test_on(void **)
{
    assert_true(selected("+winhttp"));
    assert_true(selected("trace+winhttp"));
    assert_true(selected("-all,+winhttp"));
    assert_true(selected("+all"));
    assert_true(selected("warn-all,+winhttp,+loaddll"));
    assert_true(selected("-winhttp,+winhttp"));
}

static void test_off(void **)
{
    assert_false(selected(nullptr));
    assert_false(selected(""));
    assert_false(selected("-all"));
    assert_false(selected("+winhttp,-winhttp"));
    assert_false(selected("+all,-winhttp"));
    assert_false(selected("warn+winhttp"));   // only the trace class asks for it
    assert_false(selected("fixme+all"));
    assert_false(selected("+winhttpx"));
    assert_false(selected("+wininet"));
    assert_false(selected("winhttp"));        // no sign: not an item Wine knows
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_on),
        cmocka_unit_test(test_off),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
