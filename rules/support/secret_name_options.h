#pragma once
// The options of the rules that judge whether a variable's name says it holds a secret (DL3064 for Dockerfiles,
// ECS104 for task definitions), declared once so that both rules read and document them alike.

#include <string>
#include <vector>

#include "rules/rule.h"

namespace shipshape::rules::secrets {

inline constexpr RuleOption kNameWordOptions[] = {
    {.name = "extra-secret-words",
     .type = OptionType::string_list,
     .default_value = "[]",
     .description = "More words that make a name secret (matched as whole words of the name, in any case), e.g. "
                    "`[\"pin\", \"otp\"]`"},
    {.name = "extra-allow-words",
     .type = OptionType::string_list,
     .default_value = "[]",
     .description = "More words that say a secret-sounding name holds a reference or a setting, not the secret "
                    "(matched as whole words of the name, in any case), e.g. `[\"hint\"]`"},
};

// The two options' words, lower-cased as classify_name compares them.
struct NameWords {
  std::vector<std::string> extra_secret;
  std::vector<std::string> extra_allow;
};
NameWords name_words(const RuleOptions& options);

}  // namespace shipshape::rules::secrets
