// decide_redirect on its own: the cases the loopback server cannot show
// (an https origin), plus the limits.  Compiled with redirect.cpp.
extern "C" {
#include "cmocka_all.h"
}
#include "redirect.h"

using winhttp::decide_redirect;
using winhttp::redirect_decision;
using winhttp::redirect_rules;

static void test_https_to_http_refused_by_default_allowed_by_always(void **)
{
    redirect_rules rules;  // default policy: DISALLOW_HTTPS_TO_HTTP
    redirect_decision d = decide_redirect(rules, "https://a.example/x", "GET", 302, "http://a.example/y", 0);
    assert_int_equal(d.action, redirect_decision::stop);
    d = decide_redirect(rules, "https://a.example/x", "GET", 302, "https://b.example/y", 0);
    assert_int_equal(d.action, redirect_decision::follow);
    assert_true(d.host_changed);
    d = decide_redirect(rules, "http://a.example/x", "GET", 302, "https://a.example/y", 0);
    assert_int_equal(d.action, redirect_decision::follow);
    assert_true(d.host_changed);  // the port changes with the scheme

    rules.policy = WINHTTP_OPTION_REDIRECT_POLICY_ALWAYS;
    d = decide_redirect(rules, "https://a.example/x", "GET", 302, "http://a.example/y", 0);
    assert_int_equal(d.action, redirect_decision::follow);
    assert_string_equal(d.url.c_str(), "http://a.example/y");
}

static void test_relative_locations_resolve_against_the_current_url(void **)
{
    redirect_rules rules;
    redirect_decision d = decide_redirect(rules, "http://h:8080/a/b?q=1", "GET", 301, "c", 0);
    assert_string_equal(d.url.c_str(), "http://h:8080/a/c");
    d = decide_redirect(rules, "http://h:8080/a/b", "GET", 301, "/d?e=f", 0);
    assert_string_equal(d.url.c_str(), "http://h:8080/d?e=f");
    assert_false(d.host_changed);
    d = decide_redirect(rules, "http://h/a", "GET", 301, "//other/p", 0);
    assert_string_equal(d.url.c_str(), "http://other/p");
    assert_true(d.host_changed);
}

static void test_statuses_methods_and_limits(void **)
{
    redirect_rules rules;
    assert_int_equal(decide_redirect(rules, "http://h/", "GET", 300, "/x", 0).action, redirect_decision::stop);
    assert_int_equal(decide_redirect(rules, "http://h/", "GET", 304, "/x", 0).action, redirect_decision::stop);
    assert_int_equal(decide_redirect(rules, "http://h/", "GET", 302, "", 0).action, redirect_decision::stop);
    assert_true(decide_redirect(rules, "http://h/", "HEAD", 303, "/x", 0).action == redirect_decision::follow);
    assert_false(decide_redirect(rules, "http://h/", "HEAD", 303, "/x", 0).switch_to_get);
    assert_true(decide_redirect(rules, "http://h/", "DELETE", 303, "/x", 0).switch_to_get);
    assert_false(decide_redirect(rules, "http://h/", "POST", 307, "/x", 0).switch_to_get);

    rules.max_redirects = 2;
    assert_int_equal(decide_redirect(rules, "http://h/", "GET", 302, "/x", 1).action, redirect_decision::follow);
    assert_int_equal(decide_redirect(rules, "http://h/", "GET", 302, "/x", 2).action, redirect_decision::too_many);

    // A streamed body cannot be sent twice: 307 goes back to the application,
    // while 302 turns POST into GET and needs no body.
    rules = redirect_rules();
    rules.body_replayable = false;
    assert_int_equal(decide_redirect(rules, "http://h/", "POST", 307, "/x", 0).action, redirect_decision::stop);
    assert_int_equal(decide_redirect(rules, "http://h/", "POST", 302, "/x", 0).action, redirect_decision::follow);

    rules = redirect_rules();
    rules.disabled = true;
    assert_int_equal(decide_redirect(rules, "http://h/", "GET", 302, "/x", 0).action, redirect_decision::stop);
    rules = redirect_rules();
    rules.policy = WINHTTP_OPTION_REDIRECT_POLICY_NEVER;
    assert_int_equal(decide_redirect(rules, "http://h/", "GET", 302, "/x", 0).action, redirect_decision::stop);
    rules = redirect_rules();
    assert_int_equal(decide_redirect(rules, "http://h/", "GET", 302, "ftp://h/x", 0).action, redirect_decision::stop);
}

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_https_to_http_refused_by_default_allowed_by_always),
        cmocka_unit_test(test_relative_locations_resolve_against_the_current_url),
        cmocka_unit_test(test_statuses_methods_and_limits),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
