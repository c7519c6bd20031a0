#include "lint/lsp/framing.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace shipshape::lsp {
namespace {

// Every frame the decoder yields for `input` fed in chunks of `chunk` bytes.
std::vector<Frame> decode(FrameDecoder& decoder, std::string_view input, std::size_t chunk) {
  std::vector<Frame> frames;
  for (std::size_t i = 0; i < input.size(); i += chunk) {
    decoder.feed(input.substr(i, chunk));
    while (auto frame = decoder.next()) frames.push_back(std::move(*frame));
  }
  return frames;
}

std::vector<Frame> decode(std::string_view input, std::size_t chunk = 1 << 20) {
  FrameDecoder decoder;
  return decode(decoder, input, chunk);
}

}  // namespace

TEST_CASE("lsp framing: encode_frame writes the Content-Length header and the body") {
  CHECK(encode_frame("{}") == "Content-Length: 2\r\n\r\n{}");
  CHECK(encode_frame("{\"a\":\"\xC3\xA9\"}") == "Content-Length: 10\r\n\r\n{\"a\":\"\xC3\xA9\"}");
}

TEST_CASE("lsp framing: a message fed one byte at a time comes out whole, once") {
  const std::string body = R"({"jsonrpc":"2.0","method":"initialized","params":{}})";
  FrameDecoder decoder;
  const std::string input = encode_frame(body);
  std::size_t frames = 0;
  for (std::size_t i = 0; i < input.size(); ++i) {
    decoder.feed(input.substr(i, 1));
    CHECK(decoder.mid_message());
    while (auto frame = decoder.next()) {
      ++frames;
      CHECK(i == input.size() - 1);
      CHECK(frame->kind == Frame::Kind::message);
      CHECK(frame->body == body);
    }
  }
  CHECK(frames == 1);
  CHECK_FALSE(decoder.mid_message());
}

TEST_CASE("lsp framing: several messages in one read are split at their lengths") {
  const auto frames = decode(encode_frame("[1]") + encode_frame("{\"x\":2}") + encode_frame(""));
  REQUIRE(frames.size() == 3);
  CHECK(frames[0].body == "[1]");
  CHECK(frames[1].body == "{\"x\":2}");
  CHECK(frames[2].kind == Frame::Kind::message);
  CHECK(frames[2].body.empty());
}

TEST_CASE("lsp framing: other headers, any header case and bare LF line ends are accepted") {
  const auto frames = decode(
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}"
      "CONTENT-LENGTH:3\n\n[1]"
      "\r\n"  // a stray empty line between messages
      "Content-Length:  4 \r\n\r\nnull");
  REQUIRE(frames.size() == 3);
  CHECK(frames[0].body == "{}");
  CHECK(frames[1].body == "[1]");
  CHECK(frames[2].body == "null");
}

TEST_CASE("lsp framing: a missing Content-Length is an error and the next message is still read") {
  const auto frames = decode("Content-Type: application/json\r\n\r\n{\"lost\":1}" + encode_frame("{\"ok\":1}"), 3);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].kind == Frame::Kind::header_error);
  CHECK(frames[0].error == "invalid message header: missing Content-Length header");
  CHECK(frames[1].kind == Frame::Kind::message);
  CHECK(frames[1].body == "{\"ok\":1}");
}

TEST_CASE("lsp framing: duplicate and invalid Content-Length values are errors") {
  const auto duplicate = decode("Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}" + encode_frame("1"));
  REQUIRE(duplicate.size() == 2);
  CHECK(duplicate[0].error == "invalid message header: duplicate Content-Length header");
  CHECK(duplicate[1].body == "1");

  for (const char* value : {"abc", "-5", "1 2", "", "0x10", "99999999999999999999"}) {
    CAPTURE(value);
    const auto frames = decode(std::string("Content-Length: ") + value + "\r\n\r\n{}" + encode_frame("2"));
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].kind == Frame::Kind::header_error);
    CHECK(frames[0].error ==
          "invalid message header: invalid Content-Length value (expected a decimal number of bytes)");
    CHECK(frames[1].body == "2");
  }
}

TEST_CASE("lsp framing: a header line without a colon is an error") {
  const auto frames = decode("hello world\r\n\r\n" + encode_frame("3"));
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].error == "invalid message header: invalid header line (expected `Name: value`)");
  CHECK(frames[1].body == "3");
}

TEST_CASE("lsp framing: an oversized message is refused and skipped without being buffered") {
  FrameDecoder decoder(/*max_body=*/10);
  const std::string input = "Content-Length: 25\r\n\r\n" + std::string(25, 'x') + encode_frame("[4]");
  const auto frames = decode(decoder, input, 7);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].kind == Frame::Kind::too_large);
  CHECK(frames[0].error == "message of 25 bytes is larger than the limit of 10 bytes");
  CHECK(frames[1].body == "[4]");
  CHECK_FALSE(decoder.mid_message());
}

TEST_CASE("lsp framing: the default limit is 64 MiB") {
  FrameDecoder decoder;
  decoder.feed("Content-Length: 67108865\r\n\r\n");
  const auto frame = decoder.next();
  REQUIRE(frame);
  CHECK(frame->kind == Frame::Kind::too_large);
  CHECK(decoder.mid_message());  // the 64 MiB + 1 bytes are still to come (and be skipped)
  CHECK(kMaxMessageBytes == 67108864);
}

TEST_CASE("lsp framing: an endless header section is cut off with an error") {
  FrameDecoder decoder(kMaxMessageBytes, /*max_header=*/100);
  std::vector<Frame> frames = decode(decoder, "X-Filler: " + std::string(200, 'a'), 16);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].error == "invalid message header: header section longer than 100 bytes");
  // Many short header lines hit the same bound.
  FrameDecoder fresh(kMaxMessageBytes, /*max_header=*/100);
  std::string lines;
  for (int i = 0; i < 20; ++i) lines += "X-A: b\r\n";
  frames = decode(fresh, lines + "\r\n" + encode_frame("5"), 5);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].error == "invalid message header: header section longer than 100 bytes");
  CHECK(frames[1].body == "5");
}

TEST_CASE("lsp framing: a truncated body leaves the decoder mid-message") {
  FrameDecoder decoder;
  decoder.feed("Content-Length: 10\r\n\r\n{\"a\":");
  CHECK_FALSE(decoder.next());
  CHECK(decoder.mid_message());
  decoder.feed("1}    ");
  const auto frame = decoder.next();
  REQUIRE(frame);
  CHECK(frame->body == "{\"a\":1}   ");
  CHECK_FALSE(decoder.mid_message());  // the byte left over is whitespace between messages
}

TEST_CASE("lsp framing: a partial header leaves the decoder mid-message, whitespace does not") {
  FrameDecoder decoder;
  decoder.feed("Content-Len");
  CHECK_FALSE(decoder.next());
  CHECK(decoder.mid_message());
  FrameDecoder idle;
  idle.feed("\r\n");
  CHECK_FALSE(idle.next());
  CHECK_FALSE(idle.mid_message());
}

TEST_CASE("lsp framing: resynchronisation finds a Content-Length split across reads") {
  FrameDecoder decoder;
  std::vector<Frame> frames = decode(decoder, "bad\r\n\r\ngarbage garbage Content-Le", 4);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].kind == Frame::Kind::header_error);
  frames = decode(decoder, "ngth: 2\r\n\r\n{}", 3);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].body == "{}");
}

}  // namespace shipshape::lsp
