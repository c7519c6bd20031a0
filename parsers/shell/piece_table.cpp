#include <algorithm>

#include "parsers/shell/script.h"

namespace shipshape::shell {

PieceTable::PieceTable(const std::vector<Piece>& pieces) {
  if (!pieces.empty()) anchor_ = pieces.front().begin;
  entries_.reserve(pieces.size());
  for (const Piece& piece : pieces) {
    if (piece.end <= piece.begin) continue;
    entries_.push_back(Entry{buffer_size_, piece.begin, piece.end - piece.begin});
    buffer_size_ += piece.end - piece.begin;
  }
}

namespace {

// The last entry whose buffer_begin <= offset (entries are sorted by buffer_begin and not empty).
template <class Entries>
auto entry_at(const Entries& entries, std::uint32_t offset) {
  auto it = std::upper_bound(entries.begin(), entries.end(), offset,
                             [](std::uint32_t value, const auto& entry) { return value < entry.buffer_begin; });
  return it == entries.begin() ? it : it - 1;
}

}  // namespace

std::uint32_t PieceTable::source_begin(std::uint32_t buffer_offset) const {
  if (entries_.empty()) return anchor_;
  if (buffer_offset >= buffer_size_) return entries_.back().source_begin + entries_.back().size;
  const auto entry = entry_at(entries_, buffer_offset);
  return entry->source_begin + (buffer_offset - entry->buffer_begin);
}

std::uint32_t PieceTable::source_end(std::uint32_t buffer_offset) const {
  if (entries_.empty()) return anchor_;
  if (buffer_offset == 0) return entries_.front().source_begin;
  if (buffer_offset > buffer_size_) buffer_offset = buffer_size_;
  const auto entry = entry_at(entries_, buffer_offset - 1);
  return entry->source_begin + (buffer_offset - entry->buffer_begin);
}

std::vector<Piece> PieceTable::pieces_of(std::uint32_t buffer_begin, std::uint32_t buffer_end) const {
  std::vector<Piece> out;
  buffer_end = std::min(buffer_end, buffer_size_);
  if (entries_.empty() || buffer_begin >= buffer_end) return out;
  for (auto entry = entry_at(entries_, buffer_begin); entry != entries_.end(); ++entry) {
    if (entry->buffer_begin >= buffer_end) break;
    const std::uint32_t from = std::max(buffer_begin, entry->buffer_begin);
    const std::uint32_t to = std::min(buffer_end, entry->buffer_begin + entry->size);
    const std::uint32_t shift = entry->source_begin - entry->buffer_begin;  // wraps harmlessly in unsigned
    if (from < to) out.push_back(Piece{from + shift, to + shift});
  }
  return out;
}

}  // namespace shipshape::shell
