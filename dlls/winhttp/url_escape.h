// %XX escaping and unescaping for the URL functions (ICU_ESCAPE, ICU_DECODE).
#pragma once
#include "url_common.h"

namespace winhttp::url {

// True for the characters ICU_ESCAPE rewrites as %XX: controls, space, DEL,
// '%' itself, everything above U+007F, and < > " # { } | \ ^ ~ [ ] `.  That
// last set is what Windows is observed to escape; it is Microsoft's list of
// "unsafe characters" except that the apostrophe stays and the backquote is
// escaped.
bool must_escape(char16_t c);

// Appends `in` to `out` with every must_escape() character escaped.  Non-ASCII
// characters become their UTF-8 octets, each as %XX (see url_escape.cpp for
// why UTF-8).  Returns false, leaving `out` partly written, when `in` holds an
// unpaired surrogate: it has no UTF-8 form.
bool append_escaped(wstring &out, wview in);

// Replaces each %XX by the character U+00XX.  Only the escape is undone: the
// octets are not reassembled as UTF-8 (Microsoft documents exactly that for
// ICU_DECODE).  Malformed escapes and %00 stay as written.
wstring decode_escapes(wview in);

}  // namespace winhttp::url
