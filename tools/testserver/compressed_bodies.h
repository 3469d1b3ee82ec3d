// Pre-compressed bodies of /gzip and /deflate. All of them decompress to
// kCompressedText; see README.md for how the bytes were produced.
#pragma once

#include <string_view>

namespace ts {

extern const std::string_view kCompressedText;
extern const std::string_view kGzipBody;        // RFC 1952 (gzip), mtime 0
extern const std::string_view kZlibBody;        // RFC 1950 (HTTP "deflate")
extern const std::string_view kRawDeflateBody;  // RFC 1951 (raw deflate)

}  // namespace ts
