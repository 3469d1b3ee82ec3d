#include "header_query.h"

#include "api.h"
#include "request_state.h"
#include "request_view.h"
#include "transfer.h"

namespace winhttp {
namespace {

std::shared_ptr<const parsed_head> wrong_state()
{
    return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, std::shared_ptr<const parsed_head>());
}

}  // namespace

std::shared_ptr<const parsed_head> head_for_query(request &r, DWORD modifiers)
{
    if (modifiers & WINHTTP_QUERY_FLAG_REQUEST_HEADERS)
        return std::make_shared<const parsed_head>(request_head(r));
    std::shared_ptr<transfer> t = request_state::find(r);
    if (!t)
        return wrong_state();
    bool trailers = (modifiers & WINHTTP_QUERY_FLAG_TRAILERS) != 0;
    std::string raw_trailers;
    {
        std::lock_guard<fast_mutex> g(t->lock);
        if (t->phase != api_phase::responded)
            return wrong_state();
        // Trailers follow the body: only a body read to its end has them.
        if (trailers && !(t->done && !t->error && t->buffered() == 0))
            return wrong_state();
        if (trailers)
            raw_trailers = t->trailers;
    }
    if (trailers)
        return std::make_shared<const parsed_head>(parse_trailers(raw_trailers));
    return r.headers.incoming.get(t);
}

}  // namespace winhttp
