// Routes with generated or canned bodies.
#include <memory>

#include "compressed_bodies.h"
#include "pattern_producer.h"
#include "query.h"
#include "response.h"
#include "route_handlers.h"
#include "strutil.h"
#include "tuning.h"

namespace ts {

namespace {
constexpr uint64_t kDefaultChunkSize = 8192;
constexpr uint64_t kMaxChunkSize = 16 * 1024 * 1024;
}  // namespace

// /bytes/N[?chunked=1[&chunk_size=S]][?close=1]: N pattern bytes.
void route_bytes(Exchange& ex) {
  uint64_t n;
  if (!parse_u64(path_suffix(ex, "/bytes/"), n)) {
    respond(ex, 400, "Bad byte count\n");
    return;
  }
  Query q(ex.req().query);
  bool chunked = q.flag("chunked");
  bool close = q.flag("close");
  uint64_t chunk_size = q.get_u64("chunk_size", kDefaultChunkSize);
  if (chunk_size == 0 || chunk_size > kMaxChunkSize) chunk_size = kDefaultChunkSize;

  ResponseHead head(ex, 200);
  head.field("Content-Type", "application/octet-stream");
  if (chunked) {
    if (close) ex.set_end_action(EndAction::kClose);
    head.end_chunked();
  } else if (close) {
    head.end_close_delimited();
  } else {
    head.end_with_length(n);
  }
  if (ex.head_only()) return;
  ex.set_producer(std::make_unique<PatternProducer>(n, chunked, chunked ? chunk_size : 0));
}

// /chunked: "This is a chunked response.\n" in three chunks, with a trailer.
void route_chunked(Exchange& ex) {
  ResponseHead(ex, 200)
      .field("Content-Type", "text/plain")
      .field("Trailer", "X-Trailer")
      .end_chunked();
  if (ex.head_only()) return;
  ByteBuffer& out = ex.out();
  write_chunk(out, "This is a ");
  write_chunk(out, "chunked ");
  write_chunk(out, "response.\n");
  write_last_chunk(out, "X-Trailer: trailer-value\r\n");
}

namespace {
void respond_encoded(Exchange& ex, std::string_view encoding, std::string_view body) {
  ResponseHead(ex, 200)
      .field("Content-Type", "text/plain")
      .field("Content-Encoding", encoding)
      .end_with_length(body.size());
  if (!ex.head_only()) ex.out().append(body);
}
}  // namespace

void route_gzip(Exchange& ex) { respond_encoded(ex, "gzip", kGzipBody); }

// /deflate: zlib-wrapped deflate (what RFC 9110 calls "deflate");
// ?raw=1 sends a bare RFC 1951 stream, which some servers wrongly send.
void route_deflate(Exchange& ex) {
  bool raw = Query(ex.req().query).flag("raw");
  respond_encoded(ex, "deflate", raw ? kRawDeflateBody : kZlibBody);
}

}  // namespace ts
