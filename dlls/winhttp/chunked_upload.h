// An application streaming a body of unknown length (WinHttpSendRequest
// with WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH and "Transfer-Encoding:
// chunked") writes the chunked framing itself, as on Windows, where WinHTTP
// sends the bytes as they are.  curl, seeing that header, frames the body
// again; so the application's framing is taken off here and curl's goes
// on.  The chunk sizes on the wire may differ from the application's; the
// body does not.  Chunk extensions and trailers are dropped.
#pragma once
#include <cstdint>
#include <string>

namespace winhttp {

class chunk_decoder {
public:
    // Appends the payload bytes in [data, data+size) to out.  Returns false
    // on malformed framing.
    bool feed(const char *data, size_t size, std::string &out);
    // The terminating zero-size chunk (and its trailer) has been seen.
    bool finished() const { return state_ == state::done; }

private:
    enum class state { size, extension, size_lf, data, data_cr, data_lf, trailer, trailer_lf, done, bad };
    bool step(char c);

    state state_ = state::size;
    uint64_t remaining_ = 0;
    bool size_digits_ = false;
    bool trailer_line_empty_ = true;
};

}  // namespace winhttp
