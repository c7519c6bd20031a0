#pragma once
// Bless mode of the fixture runner: with SHIPSHAPE_BLESS=1 the fixtures test rewrites each fixture's `expect:`
// annotations to describe the findings its rule reports now, instead of failing.

#include <string>
#include <string_view>
#include <vector>

#include "rules/registry.h"
#include "tests/rules/fixture_annotations.h"

namespace shipshape::testing {

// SHIPSHAPE_BLESS=1 is set.
bool blessing_requested();

// `content` with its annotations rewritten to describe `actual`:
// - an annotation that still matches a finding stays as it is, message fragment included;
// - an annotation that matches none is removed;
// - a finding no annotation matches gets `expect: RULE BEGIN-END` (BEGIN alone when it spans lines, plus the
//   JSON Pointer in JSON) right above the line it starts on, indented like that line, among the annotations
//   already there in column order;
// - a finding on a line no comment may precede (a parser directive, an annotation, the end of the text) gets an
//   absolute `@LINE:COLUMN` annotation below the parser directives.
// Everything else stays byte for byte, and so does the whole text when nothing changes. A fixture with malformed
// annotations is returned unchanged: those need a hand.
std::string bless_fixture(std::string_view content, FixtureSyntax syntax, const std::vector<ActualFinding>& actual);

// Lints the fixture `content` (of a file named `filename`) with `rule` and blesses it with the findings. Returns
// `content` unchanged when the fixture's header or text does not lint: the fixtures test reports why.
std::string bless_fixture_text(const rules::RegisteredRule& rule, std::string_view content,
                               const std::string& filename);

}  // namespace shipshape::testing
