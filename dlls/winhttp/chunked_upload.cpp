#include "chunked_upload.h"

#include <algorithm>

namespace winhttp {
namespace {

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

}  // namespace

bool chunk_decoder::feed(const char *data, size_t size, std::string &out)
{
    size_t i = 0;
    while (i < size) {
        if (state_ == state::bad)
            return false;
        if (state_ == state::data) {
            // Payload goes across in one piece, not byte by byte.
            size_t n = size_t(std::min<uint64_t>(remaining_, size - i));
            out.append(data + i, n);
            remaining_ -= n;
            i += n;
            if (remaining_ == 0)
                state_ = state::data_cr;
            continue;
        }
        if (!step(data[i++]))
            state_ = state::bad;
    }
    return state_ != state::bad;
}

// One framing byte.  Bare LF is accepted where CRLF is expected.
bool chunk_decoder::step(char c)
{
    switch (state_) {
    case state::size: {
        int v = hex_value(c);
        if (v >= 0) {
            if (remaining_ >> 60)
                return false;  // absurd size
            remaining_ = remaining_ * 16 + uint64_t(v);
            size_digits_ = true;
            return true;
        }
        if (!size_digits_)
            return false;
        if (c == ';' || c == ' ' || c == '\t') {
            state_ = state::extension;
            return true;
        }
        if (c == '\r') {
            state_ = state::size_lf;
            return true;
        }
        if (c != '\n')
            return false;
        [[fallthrough]];
    }
    case state::size_lf:
        if (c != '\n')
            return false;
        size_digits_ = false;
        state_ = remaining_ ? state::data : state::trailer;
        trailer_line_empty_ = true;
        return true;
    case state::extension:
        if (c == '\r')
            state_ = state::size_lf;
        else if (c == '\n') {
            state_ = state::size_lf;
            return step(c);
        }
        return true;
    case state::data_cr:
        if (c == '\n') {
            state_ = state::size;
            return true;
        }
        if (c != '\r')
            return false;
        state_ = state::data_lf;
        return true;
    case state::data_lf:
        if (c != '\n')
            return false;
        state_ = state::size;
        return true;
    case state::trailer:
        if (c == '\r') {
            state_ = state::trailer_lf;
            return true;
        }
        if (c == '\n') {
            state_ = trailer_line_empty_ ? state::done : state::trailer;
            trailer_line_empty_ = true;
            return true;
        }
        trailer_line_empty_ = false;
        return true;
    case state::trailer_lf:
        if (c != '\n')
            return false;
        state_ = trailer_line_empty_ ? state::done : state::trailer;
        trailer_line_empty_ = true;
        return true;
    case state::done:
        return false;  // bytes after the end
    case state::data:
    case state::bad:
        break;
    }
    return false;
}

}  // namespace winhttp
