# Sourced by scripts/demo and scripts/test: installs the Debian 12 packages waypoint needs, if missing.
# Why each one is there: see README.md, "Dependencies".
WAYPOINT_PACKAGES=(
  g++ libtsan2 cmake ninja-build ccache pkg-config
  libboost-dev libboost-math-dev libeigen3-dev nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libpugixml-dev libfmt-dev
  catch2 libbenchmark-dev gettext
  python3 python3-numpy python3-pandas python3-dask python3-distributed python3-pytest python3-jsonschema
  python3-build python3-setuptools python3-wheel python3-venv
)
# For scripts/test (and scripts/screenshot) only: headless Chromium, in which the browser tests
# open the HTML report (tests/report/browser_check.py).
WAYPOINT_TEST_PACKAGES=(chromium)
# Optional, for scripts/fuzz only: libFuzzer (clang) and its sanitizer runtimes; PyYAML, with which
# tests/fuzz/seeds.py converts the YAML plans to JSON seeds.
WAYPOINT_FUZZ_PACKAGES=(clang libclang-rt-14-dev python3-yaml)

# waypoint_install_deps [test]: the packages to build and run waypoint; with `test`, also those
# the test suite needs.
waypoint_install_deps() {
  local missing=() wanted=("${WAYPOINT_PACKAGES[@]}")
  if [ "${1:-}" = test ]; then wanted+=("${WAYPOINT_TEST_PACKAGES[@]}"); fi
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

waypoint_jobs() { nproc 2>/dev/null || echo 2; }

waypoint_launcher() {
  if command -v ccache >/dev/null 2>&1; then echo "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"; fi
}
