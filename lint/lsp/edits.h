#pragma once
// The text edits behind the language server's quick fixes: suppression comments for a Dockerfile finding
// (for its instruction or the whole file), and a rule's own Fix, as LSP edits over the editor's text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/lsp/positions.h"
#include "rules/rule.h"

namespace shipshape::lsp {

struct TextEdit {
  LspRange range;
  std::string new_text;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

// `# shipshape ignore=ID` on a new line before the line holding byte `anchor_offset` (the start of the
// finding's instruction in the editor's text), indented like that line; when the line directly above is
// already a `# shipshape ignore=...` comment, ID is added to its list instead. nullopt when that comment
// already names ID. `bom_bytes` is the length of a BOM the editor's text starts with (the comment goes after it).
std::optional<TextEdit> ignore_instruction_edit(const LineIndex& index, std::uint32_t anchor_offset,
                                                std::string_view rule_id, PositionEncoding encoding,
                                                std::uint32_t bom_bytes = 0);

// `# shipshape ignore-file=ID` at the top of the file, after its parser directives (leading `# syntax=`,
// `# escape=`, `# check=` lines), or ID added to a `# shipshape ignore-file=...` comment found there.
// `bom_bytes` is the length of a BOM the editor's text starts with. nullopt when that comment already names ID.
std::optional<TextEdit> ignore_file_edit(const LineIndex& index, std::string_view rule_id, PositionEncoding encoding,
                                         std::uint32_t bom_bytes = 0);

// A rule's fix as LSP edits (its ranges are offsets into the SourceFile text, which lacks the BOM).
std::vector<TextEdit> fix_edits(const LineIndex& index, const rules::Fix& fix, PositionEncoding encoding,
                                std::uint32_t bom_bytes = 0);

// The byte range of the rule list in a `# shipshape <keyword>=LIST` comment line (`keyword` is `ignore` or
// `ignore-file`), relative to the line; nullopt when the line is not such a comment.
struct SuppressionList {
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::optional<SuppressionList> find_suppression_list(std::string_view line, std::string_view keyword);

}  // namespace shipshape::lsp
