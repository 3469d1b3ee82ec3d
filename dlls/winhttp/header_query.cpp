#include "header_query.h"

#include "api.h"
#include "request_state.h"
#include "request_view.h"
#include "transfer.h"

namespace winhttp {

std::shared_ptr<const parsed_head> head_for_query(request &r, bool request_headers)
{
    if (request_headers)
        return std::make_shared<const parsed_head>(request_head(r));
    std::shared_ptr<transfer> t = request_state::find(r);
    bool responded = false;
    if (t) {
        std::lock_guard<std::mutex> g(t->lock);
        responded = t->phase == api_phase::responded;
    }
    if (!responded)
        return fail(ERROR_WINHTTP_INCORRECT_HANDLE_STATE, std::shared_ptr<const parsed_head>());
    return r.headers.incoming.get(t);
}

}  // namespace winhttp
