#include "ws_frame.h"

namespace winhttp::ws {

void append_frame_head(std::string &out, bool fin, uint8_t op, uint64_t length, const uint8_t mask[4])
{
    out.push_back(char((fin ? 0x80 : 0) | op));
    // The mask bit is set in the length byte: every client frame is masked.
    if (length < 126) {
        out.push_back(char(0x80 | length));
    } else if (length <= 0xffff) {
        out.push_back(char(0x80 | 126));
        out.push_back(char(length >> 8));
        out.push_back(char(length));
    } else {
        out.push_back(char(0x80 | 127));
        for (int i = 7; i >= 0; --i)
            out.push_back(char(length >> (8 * i)));
    }
    out.append(reinterpret_cast<const char *>(mask), 4);
}

void apply_mask(char *data, size_t size, const uint8_t mask[4], uint64_t offset)
{
    for (size_t i = 0; i < size; ++i)
        data[i] = char(data[i] ^ mask[(offset + i) % 4]);
}

namespace {

bool known_opcode(uint8_t op)
{
    return op == op_continuation || op == op_text || op == op_binary || op == op_close || op == op_ping ||
           op == op_pong;
}

}  // namespace

head_status parse_frame_head(const char *data, size_t size, frame_head &out)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    if (size < 2)
        return head_status::incomplete;
    out.fin = (p[0] & 0x80) != 0;
    out.op = p[0] & 0x0f;
    if ((p[0] & 0x70) || !known_opcode(out.op) || (p[1] & 0x80))
        return head_status::invalid;  // reserved bits, reserved opcode, or a masked server frame
    uint64_t length = p[1] & 0x7f;
    size_t pos = 2;
    if (length == 126) {
        if (size < 4)
            return head_status::incomplete;
        length = uint64_t(p[2]) << 8 | p[3];
        pos = 4;
    } else if (length == 127) {
        if (size < 10)
            return head_status::incomplete;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = length << 8 | p[2 + i];
        pos = 10;
        if (length >> 63)
            return head_status::invalid;  // the most significant bit must be 0
    }
    if (is_control(out.op) && (!out.fin || length > max_control_payload))
        return head_status::invalid;
    out.length = length;
    out.head_size = pos;
    return head_status::complete;
}

}  // namespace winhttp::ws
