#include "lint/lsp/framing.h"

#include <algorithm>
#include <cstdint>

#include "parsers/text.h"

namespace shipshape::lsp {

namespace {

constexpr std::string_view kContentLength = "Content-Length";

// A decimal Content-Length value; nullopt for anything else (sign, spaces inside, overflow).
std::optional<std::size_t> parse_length(std::string_view value) {
  if (value.empty() || value.size() > 18) return std::nullopt;
  std::size_t length = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    length = length * 10 + static_cast<std::size_t>(c - '0');
  }
  return length;
}

// Where `kContentLength` starts in `text`, case-insensitively.
std::size_t find_content_length(std::string_view text) {
  const auto it = std::search(text.begin(), text.end(), kContentLength.begin(), kContentLength.end(),
                              [](char a, char b) { return text::ascii_lower(a) == text::ascii_lower(b); });
  return it == text.end() ? std::string_view::npos : static_cast<std::size_t>(it - text.begin());
}

struct Headers {
  std::optional<std::size_t> content_length;
  std::string error;
};

// `block` is the header lines without the terminating empty line.
Headers parse_headers(std::string_view block) {
  Headers out;
  bool seen_length = false;
  for (std::string_view line : text::split(block, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      out.error = "invalid header line (expected `Name: value`)";
      return out;
    }
    const std::string_view name = text::trim(line.substr(0, colon));
    if (!text::iequals(name, kContentLength)) continue;  // Content-Type and others carry nothing we need
    if (seen_length) {
      out.error = "duplicate Content-Length header";
      return out;
    }
    seen_length = true;
    out.content_length = parse_length(text::trim(line.substr(colon + 1)));
    if (!out.content_length) {
      out.error = "invalid Content-Length value (expected a decimal number of bytes)";
      return out;
    }
  }
  if (!seen_length) out.error = "missing Content-Length header";
  return out;
}

}  // namespace

void FrameDecoder::feed(std::string_view bytes) {
  if (state_ == State::skipping) {
    const std::size_t skipped = std::min(skip_remaining_, bytes.size());
    skip_remaining_ -= skipped;
    bytes.remove_prefix(skipped);
    if (skip_remaining_ == 0) state_ = State::headers;
  }
  // Reclaim consumed space before growing, so the buffer stays near the size of one message.
  if (start_ > 0 && (start_ >= buffer_.size() / 2 || start_ > (std::size_t{1} << 20))) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

void FrameDecoder::consume(std::size_t count) {
  start_ += count;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
}

std::optional<Frame> FrameDecoder::header_error(std::string message) {
  state_ = State::resync;
  return Frame{Frame::Kind::header_error, {}, "invalid message header: " + message};
}

std::optional<Frame> FrameDecoder::read_headers() {
  // Complete header lines already seen are not scanned again when input trickles in.
  std::size_t& line_begin = header_scanned_;
  for (;;) {
    const std::string_view input = pending();
    const std::size_t newline = input.find('\n', line_begin);
    if (newline == std::string_view::npos) {
      if (input.size() > max_header_) {
        line_begin = 0;
        consume(input.size());
        return header_error("header section longer than " + std::to_string(max_header_) + " bytes");
      }
      return std::nullopt;
    }
    std::string_view line = input.substr(line_begin, newline - line_begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      line_begin = newline + 1;
      if (line_begin > max_header_) {
        consume(line_begin);
        line_begin = 0;
        return header_error("header section longer than " + std::to_string(max_header_) + " bytes");
      }
      continue;
    }
    if (line_begin == 0) {  // a stray empty line between messages
      consume(newline + 1);
      continue;
    }
    const Headers headers = parse_headers(input.substr(0, line_begin - 1));
    line_begin = 0;
    consume(newline + 1);
    if (!headers.error.empty()) return header_error(headers.error);
    if (*headers.content_length > max_body_) {
      const std::size_t length = *headers.content_length;
      const std::size_t available = std::min(length, pending().size());
      consume(available);
      skip_remaining_ = length - available;
      state_ = skip_remaining_ > 0 ? State::skipping : State::headers;
      return Frame{Frame::Kind::too_large,
                   {},
                   "message of " + std::to_string(length) + " bytes is larger than the limit of " +
                       std::to_string(max_body_) + " bytes"};
    }
    body_length_ = *headers.content_length;
    state_ = State::body;
    return std::nullopt;
  }
}

std::optional<Frame> FrameDecoder::next() {
  for (;;) {
    switch (state_) {
      case State::skipping: {
        const std::size_t skipped = std::min(skip_remaining_, pending().size());
        consume(skipped);
        skip_remaining_ -= skipped;
        if (skip_remaining_ > 0) return std::nullopt;
        state_ = State::headers;
        continue;
      }
      case State::resync: {
        // After a bad header the body's extent is unknown: drop bytes up to the next header that can start a
        // message. Keep a tail that may be the beginning of a split "Content-Length".
        const std::string_view input = pending();
        const std::size_t found = find_content_length(input);
        if (found == std::string_view::npos) {
          const std::size_t keep = std::min(input.size(), kContentLength.size() - 1);
          consume(input.size() - keep);
          return std::nullopt;
        }
        consume(found);
        state_ = State::headers;
        continue;
      }
      case State::headers: {
        std::optional<Frame> frame = read_headers();
        if (frame) return frame;
        if (state_ != State::body) return std::nullopt;
        continue;
      }
      case State::body: {
        if (pending().size() < body_length_) return std::nullopt;
        Frame frame{Frame::Kind::message, std::string(pending().substr(0, body_length_)), {}};
        consume(body_length_);
        state_ = State::headers;
        return frame;
      }
    }
  }
}

bool FrameDecoder::mid_message() const {
  switch (state_) {
    case State::body:
    case State::skipping:
      return true;
    case State::headers:
      return !text::trim(pending()).empty();
    case State::resync:
      return false;
  }
  return false;
}

std::string encode_frame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

}  // namespace shipshape::lsp
