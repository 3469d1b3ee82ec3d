// HINTERNET values are not pointers: a slot index plus a generation, so a
// closed or reused handle is recognised (ERROR_INVALID_HANDLE) and never
// reaches freed memory, whatever value the application passes.
#pragma once
#include "object.h"

namespace winhttp::handles {

// Enters the object (taking over the caller's reference) and returns its
// handle, or nullptr when the table is full.
HINTERNET insert(ref<object> obj);

// The object behind a live handle, with a new reference; empty if the
// handle is NULL, stale, closed or was never issued.
ref<object> lookup(HINTERNET h);

// Takes the handle out of the table and hands back the table's reference.
ref<object> remove(HINTERNET h);

}  // namespace winhttp::handles
