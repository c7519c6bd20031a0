#pragma once
// The LSP base protocol: messages framed as `Content-Length: N\r\n` (other headers allowed), an empty line,
// then N bytes of JSON. FrameDecoder is fed raw input in arbitrary chunks and yields complete bodies or
// framing errors; it never blocks and never holds more than one bounded message.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace shipshape::lsp {

// Larger messages are refused (their bytes are skipped) instead of exhausting memory.
inline constexpr std::size_t kMaxMessageBytes = std::size_t{64} << 20;  // 64 MiB

struct Frame {
  enum class Kind : unsigned char { message, header_error, too_large };
  Kind kind = Kind::message;
  std::string body;   // the JSON text (message)
  std::string error;  // what was wrong (header_error, too_large)
};

class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_body = kMaxMessageBytes, std::size_t max_header = 64 * 1024)
      : max_body_(max_body), max_header_(max_header) {}

  void feed(std::string_view bytes);
  // The next complete frame, or nullopt when more input is needed.
  std::optional<Frame> next();
  // True when input ended now would cut a message (part of a header or body is buffered, or bytes of an
  // oversized message are still to be skipped).
  bool mid_message() const;

 private:
  enum class State : unsigned char { headers, body, skipping, resync };
  std::optional<Frame> read_headers();
  std::optional<Frame> header_error(std::string message);
  void consume(std::size_t count);
  std::string_view pending() const { return std::string_view(buffer_).substr(start_); }

  std::size_t max_body_;
  std::size_t max_header_;
  std::string buffer_;
  std::size_t start_ = 0;  // bytes of buffer_ already consumed (compacted lazily)
  State state_ = State::headers;
  std::size_t header_scanned_ = 0;  // in State::headers: bytes of complete header lines already seen
  std::size_t body_length_ = 0;     // in State::body
  std::size_t skip_remaining_ = 0;  // in State::skipping
};

// `body` with its Content-Length header, ready to write.
std::string encode_frame(std::string_view body);

}  // namespace shipshape::lsp
