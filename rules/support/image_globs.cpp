#include "rules/support/image_globs.h"

#include "parsers/text.h"

namespace shipshape::rules::image_globs {

bool accepts(const std::vector<std::string>& globs, std::initializer_list<std::string_view> spellings) {
  bool accepted = false;
  for (const std::string& glob : globs) {
    const bool negated = !glob.empty() && glob.front() == '!';
    const std::string_view pattern = negated ? std::string_view(glob).substr(1) : std::string_view(glob);
    for (const std::string_view spelling : spellings) {
      if (text::glob_match(pattern, spelling)) {
        accepted = !negated;
        break;
      }
    }
  }
  return accepted;
}

}  // namespace shipshape::rules::image_globs
