// RFC 6455 framing for the client side (§5): building masked client frames
// and reading the heads of the server's frames, with the checks a client
// owes the protocol (§5.2, §5.5): no mask from a server, no reserved bits
// without an extension, known opcodes only, control frames short and whole.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace winhttp::ws {

enum opcode : uint8_t {
    op_continuation = 0x0,
    op_text = 0x1,
    op_binary = 0x2,
    op_close = 0x8,
    op_ping = 0x9,
    op_pong = 0xa,
};

inline bool is_control(uint8_t op) { return (op & 0x8) != 0; }

// The largest control payload (§5.5).
constexpr size_t max_control_payload = 125;

// Appends a client frame's head for a payload of `length` bytes masked with
// `mask` (4 bytes).
void append_frame_head(std::string &out, bool fin, uint8_t op, uint64_t length, const uint8_t mask[4]);

// XORs data with the mask, starting `offset` bytes into the payload.
void apply_mask(char *data, size_t size, const uint8_t mask[4], uint64_t offset);

struct frame_head {
    bool fin = false;
    uint8_t op = 0;
    uint64_t length = 0;
    size_t head_size = 0;  // bytes of the head on the wire
};

enum class head_status { complete, incomplete, invalid };

// Reads a server frame's head from the start of data.
head_status parse_frame_head(const char *data, size_t size, frame_head &out);

}  // namespace winhttp::ws
