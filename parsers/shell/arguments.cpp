// Options and operands of a command, and looking through wrapper programs (sudo, env, xargs, ...).

#include <algorithm>

#include "parsers/shell/detail.h"
#include "parsers/shell/script.h"

namespace shipshape::shell {

namespace {

bool is_option_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}

bool takes_value_short(const OptionSyntax& syntax, char c) {
  return std::any_of(syntax.with_value.begin(), syntax.with_value.end(), [c](std::string_view spelling) {
    return spelling.size() == 2 && spelling[0] == '-' && spelling[1] == c;
  });
}

bool takes_value_long(const OptionSyntax& syntax, std::string_view name) {
  return std::any_of(syntax.with_value.begin(), syntax.with_value.end(), [&](std::string_view spelling) {
    if (spelling.size() > 2 && spelling.substr(0, 2) == "--") return spelling.substr(2) == name;
    return syntax.single_dash_long && spelling.size() > 1 && spelling[0] == '-' && spelling.substr(1) == name;
  });
}

// The text to read an option from: the static value, or for a dynamic word that still starts like an option
// (`--prefix=$DIR`, `-j$(nproc)`), the literal text. Empty when the word cannot be an option.
std::string_view option_text(const Word& word) {
  if (word.value) return *word.value;
  const std::string_view text = word.text;
  if (text.size() >= 2 && text[0] == '-' && is_option_char(text[1]) && text[1] != '-') return text;
  if (text.size() >= 3 && text.substr(0, 2) == "--" && is_option_char(text[2])) return text;
  return {};
}

}  // namespace

bool Option::is(std::string_view spelling) const {
  if (spelling.size() > 2 && spelling.substr(0, 2) == "--") return short_name == 0 && long_name == spelling.substr(2);
  if (spelling.size() == 2 && spelling[0] == '-') {
    return short_name == spelling[1] || (short_name == 0 && long_name == spelling.substr(1));
  }
  if (spelling.size() > 2 && spelling[0] == '-') return short_name == 0 && long_name == spelling.substr(1);
  return false;
}

Arguments::Arguments(std::span<const Word> words, const OptionSyntax& syntax) {
  bool options_done = false;
  const auto add_operand = [&](const Word& word) {
    operands_.push_back(&word);
    if (!word.is_static()) has_dynamic_ = true;
    if (syntax.stop_at_first_operand) options_done = true;
  };
  // The separate word after words[i] as an option's value.
  const auto take_next = [&](std::size_t& i, Option& option) {
    if (i + 1 >= words.size()) return;
    option.value_word = &words[++i];
    option.has_value = true;
    if (option.value_word->value) option.value = *option.value_word->value;
  };

  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& word = words[i];
    if (options_done) {
      add_operand(word);
      continue;
    }
    const std::string_view text = option_text(word);
    const bool dynamic = !word.is_static();
    if (text == "--" && !dynamic) {
      end_of_options_ = true;
      options_done = true;
      continue;
    }
    if (text.size() < 2 || text[0] != '-') {
      add_operand(word);
      continue;
    }
    if (text[1] == '-' || syntax.single_dash_long) {
      const std::string_view body = text.substr(text[1] == '-' ? 2 : 1);
      const std::size_t equals = body.find('=');
      Option option;
      option.word = &word;
      option.long_name = body.substr(0, equals);
      if (dynamic) {
        // Only the literal part before `=` is trusted; the name must be plain.
        const auto plain_end = std::find_if_not(option.long_name.begin(), option.long_name.end(), is_option_char);
        if (plain_end != option.long_name.end()) {
          add_operand(word);
          continue;
        }
      }
      if (equals != std::string_view::npos) {
        option.has_value = true;
        if (!dynamic) option.value = body.substr(equals + 1);
      } else if (takes_value_long(syntax, option.long_name)) {
        take_next(i, option);
      }
      options_.push_back(option);
      continue;
    }
    // A cluster of short options; the first one that takes a value takes the rest of the cluster.
    const std::size_t word_index = i;
    for (std::size_t k = 1; k < text.size(); ++k) {
      const char c = text[k];
      if (dynamic && !is_option_char(c)) break;  // the literal part ends here (`-j$(nproc)`)
      Option option;
      option.word = &words[word_index];
      option.short_name = c;
      if (takes_value_short(syntax, c)) {
        if (k + 1 < text.size()) {
          option.has_value = true;
          if (!dynamic) option.value = text.substr(k + 1);
        } else {
          take_next(i, option);
        }
        options_.push_back(option);
        break;
      }
      options_.push_back(option);
    }
  }
}

bool Arguments::has_option(std::initializer_list<std::string_view> spellings) const {
  return find_option(spellings) != nullptr;
}

const Option* Arguments::find_option(std::initializer_list<std::string_view> spellings) const {
  for (auto it = options_.rbegin(); it != options_.rend(); ++it) {
    for (const std::string_view spelling : spellings) {
      if (it->is(spelling)) return &*it;
    }
  }
  return nullptr;
}

std::vector<std::string_view> Arguments::option_values(std::initializer_list<std::string_view> spellings) const {
  std::vector<std::string_view> values;
  for (const Option& option : options_) {
    if (!option.value) continue;
    for (const std::string_view spelling : spellings) {
      if (option.is(spelling)) {
        values.push_back(*option.value);
        break;
      }
    }
  }
  return values;
}

bool Arguments::has_operand(std::string_view value) const {
  return std::any_of(operands_.begin(), operands_.end(), [&](const Word* word) { return word->is(value); });
}

// ---------------------------------------------------------------------------------------------------------
// Wrappers

namespace {

struct WrapperSpec {
  std::string_view name;
  Wrapper id;
  std::string_view short_with_value = {};  // option letters that take a value
  std::string_view long_with_value = {};   // long names that take a value, each followed by a space
  std::string_view short_no_run = {};      // option letters after which no command runs
  std::string_view long_no_run = {};       // long names after which no command runs, each followed by a space
  std::uint8_t leading_operands = 0;       // operands before the command: NEWROOT, DURATION, USER
  bool assignments = false;                // NAME=value operands before the command
  bool numeric_options = false;            // `nice -10`
};

// Option tables from each tool's manual page (sudo 1.9, GNU coreutils/findutils 9, util-linux 2.38, ...).
constexpr WrapperSpec kWrappers[] = {
    {"sudo", Wrapper::sudo, "CDghpRrTtUu",
     "close-from chdir group host prompt chroot role type command-timeout other-user user ", "eKlVv",
     "edit list validate version remove-timestamp help ", 0, true},
    {"doas", Wrapper::doas, "aCu", "", "C", "", 0, false},
    {"env", Wrapper::env, "uCS", "unset chdir split-string ", "S", "split-string help version list-signal-handling ",
     0, true},
    {"nice", Wrapper::nice, "n", "adjustment ", "", "help version ", 0, false, true},
    {"nohup", Wrapper::nohup, "", "", "", "help version "},
    {"time", Wrapper::time, "fo", "format output ", "", "help version "},
    {"command", Wrapper::command, "", "", "vV", ""},
    {"exec", Wrapper::exec, "a", "", "", ""},
    {"xargs", Wrapper::xargs, "adEILnPs",
     "arg-file delimiter max-lines max-args max-procs max-chars process-slot-var ", "", "help version show-limits "},
    {"eatmydata", Wrapper::eatmydata},
    {"chroot", Wrapper::chroot, "", "userspec groups ", "", "help version ", 1},
    {"timeout", Wrapper::timeout, "ks", "kill-after signal ", "", "help version ", 1},
    {"stdbuf", Wrapper::stdbuf, "eio", "error input output ", "", "help version "},
    {"ionice", Wrapper::ionice, "cnpPu", "class classdata pid pgid uid ", "pPu", "pid pgid uid help version "},
    {"setsid", Wrapper::setsid, "", "", "", "help version "},
    {"gosu", Wrapper::gosu, "", "", "", "help version ", 1},
    {"su-exec", Wrapper::su_exec, "", "", "", "", 1},
    {"fakeroot", Wrapper::fakeroot, "bils", "lib faked ", "", "help version "},
    {"tini", Wrapper::tini, "ep", "", "hl", ""},
    {"dumb-init", Wrapper::dumb_init, "r", "rewrite ", "hV", "help version "},
};

const WrapperSpec* find_wrapper(std::string_view program) {
  for (const WrapperSpec& spec : kWrappers) {
    if (spec.name == program) return &spec;
  }
  return nullptr;
}

bool in_word_list(std::string_view list, std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t at = list.find(name); at != std::string_view::npos; at = list.find(name, at + 1)) {
    const bool starts = at == 0 || list[at - 1] == ' ';
    const bool ends = at + name.size() < list.size() && list[at + name.size()] == ' ';
    if (starts && ends) return true;
  }
  return false;
}

bool is_assignment(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == 0 || equals == std::string_view::npos) return false;
  const char first = text[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) return false;
  return std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(equals), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

enum class Scan { command_at, no_command };

// Reads a wrapper's options and leading operands from words[first]; sets `found` to the index of the
// command it runs.
Scan scan_wrapper(const WrapperSpec& spec, std::span<const Word* const> words, std::size_t first, std::size_t& found) {
  std::uint8_t leading = spec.leading_operands;
  bool options_done = false;
  std::size_t i = first;
  while (i < words.size()) {
    const Word& word = *words[i];
    if (!word.value) {
      if (leading > 0) {
        --leading;
        ++i;
        continue;
      }
      found = i;
      return Scan::command_at;  // a dynamic program: unknown, but it is the program
    }
    const std::string_view v = *word.value;
    if (!options_done && v == "--") {
      options_done = true;
      ++i;
      continue;
    }
    if (!options_done && leading == spec.leading_operands && v.size() > 1 && v[0] == '-') {
      if (v[1] == '-') {
        const std::string_view name = v.substr(2, v.find('=') == std::string_view::npos ? std::string_view::npos
                                                                                        : v.find('=') - 2);
        if (in_word_list(spec.long_no_run, name)) return Scan::no_command;
        const bool separate_value = v.find('=') == std::string_view::npos && in_word_list(spec.long_with_value, name);
        i += separate_value ? 2 : 1;
        continue;
      }
      if (spec.numeric_options &&
          std::all_of(v.begin() + 1, v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        ++i;
        continue;
      }
      bool separate_value = false;
      for (std::size_t k = 1; k < v.size(); ++k) {
        if (spec.short_no_run.find(v[k]) != std::string_view::npos) return Scan::no_command;
        if (spec.short_with_value.find(v[k]) != std::string_view::npos) {
          separate_value = k + 1 == v.size();
          break;
        }
      }
      i += separate_value ? 2 : 1;
      continue;
    }
    if (!options_done && spec.id == Wrapper::env && v == "-") {  // `env -` is `env -i`
      ++i;
      continue;
    }
    if (spec.assignments && leading == spec.leading_operands && is_assignment(v)) {
      ++i;
      continue;
    }
    if (leading > 0) {
      --leading;
      ++i;
      continue;
    }
    found = i;
    return Scan::command_at;
  }
  return Scan::no_command;
}

}  // namespace

namespace detail {

void resolve_program(Command& command) {
  command.program_position = 0;
  command.wrappers = 0;
  if (!command.name.value || !find_wrapper(basename_of(*command.name.value))) return;  // the common case
  // words[0] is the name, words[k] is arguments[k - 1].
  std::vector<const Word*> words;
  words.reserve(command.arguments.size() + 1);
  words.push_back(&command.name);
  for (const Word& argument : command.arguments) words.push_back(&argument);

  std::size_t position = 0;
  while (words[position]->value) {
    const WrapperSpec* spec = find_wrapper(basename_of(*words[position]->value));
    if (spec == nullptr) break;
    std::size_t found = 0;
    if (scan_wrapper(*spec, words, position + 1, found) == Scan::no_command) break;
    command.wrappers |= 1u << static_cast<unsigned>(spec->id);
    position = found;  // found > position, so this ends
  }
  command.program_position = static_cast<std::uint32_t>(position);
}

}  // namespace detail

CommandView::CommandView(const Command& command) : command_(&command) {
  const std::size_t position = std::min<std::size_t>(command.program_position, command.arguments.size());
  name_ = position == 0 ? &command.name : &command.arguments[position - 1];
  arguments_ = std::span<const Word>(command.arguments).subspan(position);
}

std::string_view CommandView::program() const { return name_->value ? basename_of(*name_->value) : std::string_view(); }

bool CommandView::is_any(std::initializer_list<std::string_view> programs) const {
  const std::string_view name = program();
  return !name.empty() && std::find(programs.begin(), programs.end(), name) != programs.end();
}

bool Command::name_is(std::string_view program) const { return name.value && basename_of(*name.value) == program; }

CommandView Command::unwrapped() const { return CommandView(*this); }

bool Command::runs(std::string_view program) const { return unwrapped().is(program); }

}  // namespace shipshape::shell
