#pragma once
// Secrets: whether a variable name says it holds one, whether a literal value is a credential whatever its
// name, redaction for messages, and the source ranges of secret values that outputs must never show.

#include <vector>

#include "parsers/source.h"

namespace shipshape::dockerfile {
class Document;
}
namespace shipshape::ecs {
struct TaskDefinitionFile;
}

namespace shipshape::rules {

// Ranges of the source that hold secret values (ENV/ARG values, environment values, ...), found whatever rules
// are enabled, so that outputs quoting source text can mask them.
std::vector<Range> sensitive_ranges(const dockerfile::Document& document);
std::vector<Range> sensitive_ranges(const ecs::TaskDefinitionFile& file);

}  // namespace shipshape::rules
