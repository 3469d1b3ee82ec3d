// easy_url (dlls/winhttp/easy_url.h) on its own, with a real curl handle
// and the test server: a handle given its URL pre-parsed must go where
// the present URL says, whatever URL it had before, after a reset too;
// a URL that curl's parser refuses must fail as it does given as text.
extern "C" {
#include "cmocka_all.h"
#include "testserver.h"
}

#include <curl/curl.h>

#include <string>

#include "easy_url.h"

using winhttp::easy_url;

static struct testserver *server;

static size_t keep_body(char *data, size_t size, size_t count, void *out)
{
    static_cast<std::string *>(out)->append(data, size * count);
    return size * count;
}

static std::string url_of(const char *host, const char *path)
{
    return std::string("http://") + host + ":" + std::to_string(testserver_port(server)) + path;
}

// Runs one transfer on `easy`; returns curl's result and fills `body`.
static CURLcode fetch(CURL *easy, std::string &body)
{
    body.clear();
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, keep_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
    return curl_easy_perform(easy);
}

// /echo-headers answers with the request head it got.
static void assert_went_to(CURL *easy, const char *host, const char *path)
{
    std::string body;
    assert_int_equal(fetch(easy, body), CURLE_OK);
    std::string line = std::string("GET ") + path + " HTTP/1.1\r\n";
    std::string host_field = std::string("Host: ") + host + ":" + std::to_string(testserver_port(server)) + "\r\n";
    assert_int_equal(body.compare(0, line.size(), line), 0);
    assert_true(body.find(host_field) != std::string::npos);
    char *effective = nullptr;
    assert_int_equal(curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective), CURLE_OK);
    assert_string_equal(effective, url_of(host, path).c_str());
}

static void test_each_transfer_goes_to_the_present_url(void **)
{
    CURL *easy = curl_easy_init();
    easy_url url;
    const char *paths[] = {"/echo-headers", "/echo-headers?a=1", "/echo-headers", "/echo-headers"};
    const char *hosts[] = {"127.0.0.1", "127.0.0.1", "localhost", "localhost"};
    for (int round = 0; round < 2; ++round)
        for (int i = 0; i < 4; ++i) {
            assert_true(url.point(easy, url_of(hosts[i], paths[i])));
            assert_went_to(easy, hosts[i], paths[i]);
        }
    curl_easy_cleanup(easy);
}

// curl_easy_reset drops the parsed URL; forget() makes point() set it
// again even for the same URL.
static void test_after_a_reset(void **)
{
    CURL *easy = curl_easy_init();
    easy_url url;
    std::string same = url_of("127.0.0.1", "/echo-headers");
    assert_true(url.point(easy, same));
    assert_went_to(easy, "127.0.0.1", "/echo-headers");
    curl_easy_reset(easy);
    url.forget();
    assert_true(url.point(easy, same));
    assert_went_to(easy, "127.0.0.1", "/echo-headers");
    curl_easy_cleanup(easy);
}

// A space is refused by curl's URL parser: the transfer then fails inside
// curl exactly as it does with the text alone, and a good URL after it
// works again.
static void test_a_refused_url_fails_as_text_does(void **)
{
    std::string bad = url_of("127.0.0.1", "/a b");
    // The premise: the parser easy_url uses (with curl's own flags for
    // CURLOPT_URL) refuses it, so point() takes its fallback below.
    CURLU *probe = curl_url();
    assert_int_not_equal(curl_url_set(probe, CURLUPART_URL, bad.c_str(), CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME),
                         CURLUE_OK);
    curl_url_cleanup(probe);
    std::string body;
    CURL *plain = curl_easy_init();
    curl_easy_setopt(plain, CURLOPT_URL, bad.c_str());
    CURLcode as_text = fetch(plain, body);
    curl_easy_cleanup(plain);
    assert_int_not_equal(as_text, CURLE_OK);

    CURL *easy = curl_easy_init();
    easy_url url;
    assert_true(url.point(easy, url_of("127.0.0.1", "/echo-headers")));
    assert_went_to(easy, "127.0.0.1", "/echo-headers");
    assert_true(url.point(easy, bad));
    assert_int_equal(fetch(easy, body), as_text);
    assert_true(url.point(easy, url_of("127.0.0.1", "/echo-headers")));
    assert_went_to(easy, "127.0.0.1", "/echo-headers");
    curl_easy_cleanup(easy);
}

// A handle outside the pool has no cache: point_easy_at gives the text.
static void test_without_a_cache(void **)
{
    CURL *easy = curl_easy_init();
    assert_true(winhttp::point_easy_at(easy, nullptr, url_of("127.0.0.1", "/echo-headers?b=2")));
    assert_went_to(easy, "127.0.0.1", "/echo-headers?b=2");
    curl_easy_cleanup(easy);
}

static int start_server(void **)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    server = testserver_start(nullptr);
    return server ? 0 : -1;
}

static int stop_server(void **)
{
    testserver_stop(server);
    curl_global_cleanup();
    return 0;
}

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_transfer_goes_to_the_present_url),
        cmocka_unit_test(test_after_a_reset),
        cmocka_unit_test(test_a_refused_url_fails_as_text_does),
        cmocka_unit_test(test_without_a_cache),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
