#include "rules/support/secret_name_options.h"

#include "parsers/text.h"

namespace shipshape::rules::secrets {

namespace {

std::vector<std::string> lowered(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  out.reserve(words.size());
  for (const std::string& word : words) out.push_back(text::to_lower(word));
  return out;
}

}  // namespace

NameWords name_words(const RuleOptions& options) {
  return {lowered(options.string_list("extra-secret-words")), lowered(options.string_list("extra-allow-words"))};
}

}  // namespace shipshape::rules::secrets
