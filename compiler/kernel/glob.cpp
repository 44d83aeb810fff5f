#include "compiler/kernel/glob.h"

namespace sonde::kernel {

bool has_wildcard(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

// Greedy matching with one backtrack point: when a later character fails, the
// most recent `*` absorbs one more character and matching resumes. Earlier
// stars never need revisiting, so this runs in O(|pattern| * |text|) at worst
// and linear time for the usual one-star patterns.
bool glob_match(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos; // position of the last `*` seen
  size_t star_text = 0;                 // text position that `*` is matched up to
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

} // namespace sonde::kernel
