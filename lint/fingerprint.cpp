#include "lint/fingerprint.h"

#include <map>

#include "parsers/text.h"

namespace shipshape::lint {

namespace {

std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

void append_without_space(std::string& out, std::string_view text, std::size_t limit) {
  for (const char c : text) {
    if (out.size() >= limit) return;
    if (!text::is_space(c)) out.push_back(c);
  }
}

}  // namespace

std::string hash_hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t hash = fnv1a(data);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
    hash >>= 4;
  }
  return out;
}

void assign_fingerprints(FileReport& report) {
  std::map<std::string, int> occurrences;
  for (rules::Finding& finding : report.findings) {
    std::string key;
    key.reserve(256);
    key.append(finding.rule->id).push_back('\x1f');
    key.append(report.path).push_back('\x1f');
    if (!finding.pointer.empty()) {
      key.append(finding.pointer);
    } else if (report.source) {
      append_without_space(key, report.source->line_text(finding.range.begin.line), key.size() + 512);
      key.push_back('\x1f');
      append_without_space(key, report.source->slice(finding.range), key.size() + 512);
    }
    const int occurrence = occurrences[key]++;
    key.push_back('\x1f');
    key.append(std::to_string(occurrence));
    finding.fingerprint = hash_hex(key);
  }
}

}  // namespace shipshape::lint
