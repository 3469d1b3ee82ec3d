// An owning pointer to a reference-counted library object.  Objects are
// shared between the handle table, their children and work in flight, so
// their lifetime is the last reference, not the WinHttpCloseHandle call.
#pragma once
#include <utility>

namespace winhttp {

template <class T>
class ref {
public:
    ref() = default;
    // Adopts a reference the caller already holds.
    static ref adopt(T *p) { ref r; r.p_ = p; return r; }
    // Takes a new reference.
    explicit ref(T *p) : p_(p) { if (p_) p_->add_ref(); }
    ref(const ref &o) : ref(o.p_) {}
    ref(ref &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    template <class U>
    ref(ref<U> &&o) noexcept : p_(o.release_to_raw()) {}
    ref &operator=(ref o) noexcept { std::swap(p_, o.p_); return *this; }
    ~ref() { if (p_) p_->release(); }

    T *get() const { return p_; }
    T *operator->() const { return p_; }
    T &operator*() const { return *p_; }
    explicit operator bool() const { return p_ != nullptr; }
    // Gives the reference away to the caller.
    T *release_to_raw() { return std::exchange(p_, nullptr); }

private:
    T *p_ = nullptr;
};

}  // namespace winhttp
