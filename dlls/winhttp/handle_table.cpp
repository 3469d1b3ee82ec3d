#include "handle_table.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "fast_mutex.h"

namespace winhttp::handles {
namespace {

// Handle value layout: bits 0-19 hold slot index + 1 (so 0 is never valid),
// bits 20-30 the slot's generation.  Values fit in 31 bits, which keeps them
// intact even in applications that squeeze handles through a 32-bit int.
constexpr uintptr_t index_bits = 20;
constexpr uintptr_t max_slots = (uintptr_t(1) << index_bits) - 1;
constexpr uintptr_t generation_mask = (uintptr_t(1) << 11) - 1;

struct slot {
    object *obj = nullptr;
    uintptr_t generation = 1;
};

struct table {
    fast_mutex lock;
    std::vector<slot> slots;
    // Free slots are reused oldest first, so a generation comes round again
    // only after very many closes of the same slot.
    std::deque<uintptr_t> free_slots;
};

table &the_table()
{
    static table *t = new table;  // never destroyed: no work at process exit
    return *t;
}

HINTERNET encode(uintptr_t index, uintptr_t generation)
{
    return reinterpret_cast<HINTERNET>((generation << index_bits) | (index + 1));
}

// The live slot a handle names, or nullptr.  Caller holds the lock.
slot *find(table &t, HINTERNET h)
{
    uintptr_t v = reinterpret_cast<uintptr_t>(h);
    uintptr_t low = v & max_slots;
    if (low == 0 || (v >> index_bits) > generation_mask)
        return nullptr;
    uintptr_t index = low - 1;
    if (index >= t.slots.size())
        return nullptr;
    slot &s = t.slots[index];
    if (!s.obj || s.generation != (v >> index_bits))
        return nullptr;
    return &s;
}

}  // namespace

HINTERNET insert(ref<object> obj)
{
    table &t = the_table();
    std::lock_guard<fast_mutex> g(t.lock);
    uintptr_t index;
    if (!t.free_slots.empty()) {
        index = t.free_slots.front();
        t.free_slots.pop_front();
    } else {
        if (t.slots.size() >= max_slots)
            return nullptr;
        index = t.slots.size();
        t.slots.emplace_back();
    }
    slot &s = t.slots[index];
    HINTERNET h = encode(index, s.generation);
    obj->set_handle(h);
    s.obj = obj.release_to_raw();
    return h;
}

ref<object> lookup(HINTERNET h)
{
    table &t = the_table();
    std::lock_guard<fast_mutex> g(t.lock);
    slot *s = find(t, h);
    return s ? ref<object>(s->obj) : ref<object>();
}

ref<object> remove(HINTERNET h)
{
    table &t = the_table();
    std::lock_guard<fast_mutex> g(t.lock);
    slot *s = find(t, h);
    if (!s)
        return {};
    object *obj = s->obj;
    s->obj = nullptr;
    s->generation = (s->generation % generation_mask) + 1;
    t.free_slots.push_back(static_cast<uintptr_t>(s - t.slots.data()));
    return ref<object>::adopt(obj);
}

}  // namespace winhttp::handles
