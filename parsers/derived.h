// Derived: results that several rules compute from the same parsed file (the commands of every RUN, the
// credentials in it), computed on first use and then shared, so that no rule repeats another's walk.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace shipshape {

// Keyed by the result's type: each kind of result is stored once per file. One file is linted by one thread, so
// there is no locking; the results live as long as the parsed file.
class Derived {
 public:
  Derived() = default;
  Derived(const Derived&) = delete;
  Derived& operator=(const Derived&) = delete;

  // The stored T, or compute() stored and returned. compute() may itself ask for other results.
  template <class T, class Compute>
  const T& get(Compute&& compute) const {
    const void* tag = &tag_of<T>;
    for (const Entry& entry : entries_) {
      if (entry.tag == tag) return *static_cast<const T*>(entry.value.get());
    }
    auto value = std::make_shared<const T>(std::forward<Compute>(compute)());
    const T& result = *value;
    entries_.push_back(Entry{tag, std::move(value)});
    return result;
  }

 private:
  template <class T>
  static inline const char tag_of = 0;  // one distinct address per type
  struct Entry {
    const void* tag;
    std::shared_ptr<const void> value;
  };
  mutable std::vector<Entry> entries_;
};

}  // namespace shipshape
