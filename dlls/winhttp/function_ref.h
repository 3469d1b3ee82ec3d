// A non-owning reference to a callable, for functions that call a callback
// before they return and keep no copy of it.  Unlike std::function it never
// allocates: a lambda with a few captures, passed by std::function, costs a
// heap allocation on every call of a hot path.
#pragma once
#include <type_traits>
#include <utility>

namespace winhttp {

template <class Signature>
class function_ref;

template <class R, class... Args>
class function_ref<R(Args...)> {
public:
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, function_ref>>>
    function_ref(F &&f)  // NOLINT: implicit, as for std::function
        : object_(const_cast<void *>(static_cast<const void *>(&f))),
          call_([](void *o, Args... args) -> R {
              return (*static_cast<std::remove_reference_t<F> *>(o))(std::forward<Args>(args)...);
          })
    {
    }

    R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
    void *object_;
    R (*call_)(void *, Args...);
};

}  // namespace winhttp
