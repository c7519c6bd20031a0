// TEMPORARY STUB, replaced by the Dockerfile front end (branch dockerfile-parser).
#include "parsers/dockerfile/document.h"
#include "parsers/dockerfile/parse.h"
namespace shipshape::dockerfile {
ParseResult parse(const SourceFile&, const ParseOptions&) {
  ParseResult result;
  result.document = std::make_unique<Document>();
  return result;
}
}  // namespace shipshape::dockerfile
