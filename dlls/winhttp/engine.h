// The engine (DESIGN.md §5): one process-wide thread owning one CURLM.  Its
// connection cache is the process-wide connection pool.  Other threads never
// touch a CURL*: they post commands, which run on the engine thread.
//
// The thread starts lazily, on the first post(), through
// host::start_app_thread (under Wine it must be a Wine thread).  Nothing is
// torn down at process exit.
#pragma once
#include <curl/curl.h>

#include <functional>

namespace winhttp::engine {

// Runs fn on the engine thread, soon.  Returns false when the engine could not
// be started (fn then never runs).
bool post(std::function<void()> fn);

// Engine thread only: adds an easy handle to the multi; on_done runs (on the
// engine thread) after the transfer ended and the handle left the multi.
bool add(CURL *easy, std::function<void(CURLcode)> on_done);

// Engine thread only: takes an easy handle out of the multi without calling
// its on_done (cancellation).  Harmless if it is not there.
void remove(CURL *easy);

}  // namespace winhttp::engine
