// Limits and buffer sizes of the test server, in one place so that the
// trade-offs (memory per connection against syscalls per byte) are visible.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts {

// Request heads larger than this are refused with 431 (a 100 KB header must
// not make the server buffer without bound).
constexpr size_t kMaxHeadBytes = 64 * 1024;
// More header fields than this are refused with 431 as well.
constexpr size_t kMaxHeaderCount = 1000;
// Unprocessed input kept per connection; reading stops above it.
constexpr size_t kInputLimit = 256 * 1024;
// Bytes asked of the socket per read while reading heads / bodies.
constexpr size_t kHeadReadSize = 16 * 1024;
constexpr size_t kBodyReadSize = 128 * 1024;
// Streaming producers fill the output buffer up to the high-water mark and
// are asked again once it has drained below the low-water mark, so large
// bodies go out in big writes without ever being held whole.
constexpr size_t kOutputHighWater = 256 * 1024;
constexpr size_t kOutputLowWater = 64 * 1024;
// Largest single chunk a streaming producer generates in one step.
constexpr size_t kStreamSlice = 64 * 1024;
// Buffers above this are released when a connection goes idle.
constexpr size_t kIdleBufferKeep = 64 * 1024;
// After "Connection: close" the server half-closes and drains the client's
// remaining input for at most this long, so that unread request bytes do not
// turn the close into a reset that destroys the response in flight.
constexpr uint64_t kLingerMs = 2000;
// /reset waits at most this long for the client to acknowledge the bytes it
// was sent before resetting, polling every kResetPollMs.
constexpr uint64_t kResetWaitMs = 2000;
constexpr uint64_t kResetPollMs = 1;
// How many processing steps one connection may take per wake-up before it
// yields to the others (it is resumed right after, without waiting for I/O).
constexpr int kMaxStepsPerWakeup = 64;

}  // namespace ts
