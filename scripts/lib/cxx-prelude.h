// The C++ standard library headers that the dependencies' C++ files (the two copies of BoringSSL,
// TOMLKit's toml++) include, precompiled once per build configuration by scripts/lib/cxx_prelude.py
// and given to every C++ compile as `-include-pch`. Parsing these headers is most of each file's
// time; a file that includes them again skips them (they are include-guarded), so what the compiler
// makes is the same: scripts/lib/cxx_prelude.py check compares every object with one made without.
#include <algorithm>
#include <array>
#include <atomic>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
