// TEMPORARY STUB until inline suppressions land with the Dockerfile parser. (Pointer ignores and the config
// reports are in lint/pointer_ignores.cpp.)
#include "lint/suppressions.h"
namespace shipshape::lint {
void apply_inline_suppressions(const dockerfile::Document&, const EffectiveConfig&, FileReport&) {}
}  // namespace shipshape::lint
