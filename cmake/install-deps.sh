#!/usr/bin/env bash
# Installs the Debian packages sonde needs to build and test, and nothing when
# they are all present already (so `make` stays quick on a prepared machine).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config make
  llvm-19-dev libbpf-dev libelf-dev zlib1g-dev libzstd-dev
  bison flex libcereal-dev libgtest-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "sonde: missing build packages: ${missing[*]}" >&2
  echo "sonde: run 'make deps' as root, or: apt-get install -y ${missing[*]}" >&2
  exit 1
fi

# Refresh the package lists when they are missing or older than a day.
lists=/var/lib/apt/lists
if ! compgen -G "$lists/*_Packages*" >/dev/null ||
   [[ -n $(find "$lists" -maxdepth 1 -name '*_Packages*' -mmin +1440 -print -quit) ]]; then
  apt-get update -q
fi
echo "sonde: installing ${missing[*]}"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
