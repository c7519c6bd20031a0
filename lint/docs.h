#pragma once
// Documentation generated from rule metadata: one Markdown page per rule (docs/rules/<ID>.md), the catalog
// (docs/rules/README.md), and the text of `shipshape --explain`. The committed pages are checked against this
// generator by the tests, so they never drift from the code.

#include <string>

#include "rules/registry.h"

namespace shipshape::lint {

std::string rule_page(const rules::RegisteredRule& rule);
std::string rule_catalog();
std::string rule_list_text();  // --list-rules

}  // namespace shipshape::lint
