// The parsed response head of a request, parsed once per response: the first
// query after a response parses the transfer's raw head, later queries share
// the result until the request is sent again (a new transfer).
#pragma once
#include <memory>
#include <mutex>

#include "response_head.h"

namespace winhttp {

class transfer;

class response_cache {
public:
    // The head of t's final response; t must have reached
    // api_phase::responded (its final_head no longer changes).
    std::shared_ptr<const parsed_head> get(const std::shared_ptr<transfer> &t);

private:
    std::mutex lock_;
    // Compared by owner: the weak reference keeps the control block, so no
    // later transfer can look like this one.
    std::weak_ptr<transfer> source_;
    std::shared_ptr<const parsed_head> head_;
};

}  // namespace winhttp
