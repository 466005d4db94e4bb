#!/usr/bin/env bash
# Installs podlint for the GitHub Action (action.yml), as a runner runs it.
#
#   install.sh resolve   decide the version and the tool directory; writes
#                        version, tag and dir to $GITHUB_OUTPUT
#   install.sh download  download the release archive for RUNNER_OS and
#                        RUNNER_ARCH with checksums.txt, verify its sha256,
#                        extract it into the tool directory (unless a cache
#                        restored it there), and add that to $GITHUB_PATH
#   install.sh build     go install podlint (and its companion commands)
#                        from source, for build-from-source: true
#
# Environment:
#   PODLINT_VERSION      the version input: 1.2.3, v1.2.3 or latest; empty
#                        means the ref the action is used at
#   PODLINT_ACTION_REF   that ref (github.action_ref): a version tag names
#                        the release; main, another branch or a commit
#                        means the latest release
#   PODLINT_RELEASE_URL  where releases are, laid out as GitHub's:
#                        $URL/download/v1.2.3/<file> and
#                        $URL/latest/download/<file>; an http(s) or file
#                        URL, or a directory. Default
#                        https://github.com/podlint/podlint/releases
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, RUNNER_TOOL_CACHE, GITHUB_OUTPUT,
#   GITHUB_PATH          as the runner sets them
set -euo pipefail

release_url=${PODLINT_RELEASE_URL:-https://github.com/podlint/podlint/releases}
release_url=${release_url%/}
case $release_url in
  http://* | https://* | file://*) ;;
  /*) release_url="file://$release_url" ;;
  *) release_url="file://$PWD/$release_url" ;;
esac

fail() {
  echo "::error title=podlint install::$*"
  echo "podlint install: $*" >&2
  exit 1
}

# platform sets os, arch and ext from RUNNER_OS and RUNNER_ARCH, in the
# names of the release archives (GoReleaser's .Os and .Arch).
platform() {
  case ${RUNNER_OS:-} in
    Linux) os=linux ext=tar.gz ;;
    macOS) os=darwin ext=tar.gz ;;
    Windows) os=windows ext=zip ;;
    *) fail "no podlint release for RUNNER_OS=${RUNNER_OS:-unset}; set build-from-source: true" ;;
  esac
  case ${RUNNER_ARCH:-} in
    X64) arch=amd64 ;;
    ARM64) arch=arm64 ;;
    *) fail "no podlint release for RUNNER_ARCH=${RUNNER_ARCH:-unset}; set build-from-source: true" ;;
  esac
}

# fetch URL FILE downloads URL to FILE, failing on an HTTP error.
fetch() {
  curl --fail --silent --show-error --location --retry 3 --retry-delay 2 --output "$2" "$1" ||
    fail "download $1 failed"
}

sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1 # macOS
  fi
}

output() { echo "$1=$2" >>"$GITHUB_OUTPUT"; }

# resolve decides the version. A pinned version needs no download; latest
# reads the latest release's checksums.txt, whose archive names carry the
# version, and keeps it for the download step.
resolve() {
  platform
  local want=${PODLINT_VERSION:-}
  if [[ -z $want ]]; then
    want=latest
    if [[ ${PODLINT_ACTION_REF:-} =~ ^v?[0-9]+\.[0-9]+\.[0-9]+ ]]; then
      want=${PODLINT_ACTION_REF}
    fi
  fi
  local version
  if [[ $want == latest ]]; then
    local sums="$RUNNER_TEMP/podlint-latest-checksums.txt"
    fetch "$release_url/latest/download/checksums.txt" "$sums"
    version=$(sed -n "s/^[0-9a-f]\{64\}  podlint_\(.*\)_${os}_${arch}\.${ext//./\\.}\$/\1/p" "$sums" | head -n 1)
    [[ -n $version ]] || fail "the latest release lists no podlint archive for $os/$arch in checksums.txt"
  else
    [[ $want =~ ^v?[0-9]+\.[0-9]+\.[0-9]+[-+.0-9A-Za-z]*$ ]] || fail "version $want: want a release version such as 1.2.3, or latest"
    version=${want#v}
  fi
  output version "$version"
  output tag "v$version"
  output dir "${RUNNER_TOOL_CACHE:-$RUNNER_TEMP}/podlint/$version/$arch"
  echo "podlint $version for $os/$arch"
}

# download installs the archive of version into dir, unless a cache
# restored it already.
download() {
  platform
  local version=${PODLINT_RESOLVED_VERSION:?run install.sh resolve first} dir=${PODLINT_DIR:?}
  local exe=podlint
  [[ $os == windows ]] && exe=podlint.exe
  if [[ -x $dir/$exe ]]; then
    echo "podlint $version found in $dir"
  else
    local archive="podlint_${version}_${os}_${arch}.${ext}" work
    work=$(mktemp -d "$RUNNER_TEMP/podlint-XXXXXX")
    fetch "$release_url/download/v$version/checksums.txt" "$work/checksums.txt"
    fetch "$release_url/download/v$version/$archive" "$work/$archive"
    local want got
    want=$(awk -v f="$archive" '$2 == f { print $1 }' "$work/checksums.txt")
    [[ -n $want ]] || fail "checksums.txt of podlint $version lists no $archive"
    got=$(sha256 "$work/$archive")
    [[ $got == "$want" ]] || fail "checksum mismatch for $archive: checksums.txt has $want, the download $got; not installing it"
    mkdir -p "$work/x"
    if [[ $ext == zip ]]; then
      if command -v unzip >/dev/null; then
        unzip -q "$work/$archive" -d "$work/x"
      else
        7z x -y -o"$work/x" "$work/$archive" >/dev/null
      fi
    else
      tar -xzf "$work/$archive" -C "$work/x"
    fi
    [[ -f $work/x/$exe ]] || fail "$archive holds no $exe at its top"
    # Every file at the top of the archive (podlint, the companion it runs
    # for rendering and CRD validation, podlint-ext, and the README) goes
    # into dir, which is put on PATH.
    mkdir -p "$dir"
    find "$work/x" -maxdepth 1 -type f -exec cp -p {} "$dir/" \;
    chmod +x "$dir"/podlint* 2>/dev/null || true
    rm -rf "$work"
    echo "podlint $version installed in $dir"
  fi
  echo "$dir" >>"$GITHUB_PATH"
}

# build installs podlint from source with Go: the version input when it
# names one, else the action's own checkout, which is the source at the
# ref the action is used at.
build() {
  local bin="$RUNNER_TEMP/podlint-bin"
  mkdir -p "$bin"
  if [[ -n ${PODLINT_VERSION:-} ]]; then
    local v=$PODLINT_VERSION
    [[ $v =~ ^[0-9] ]] && v="v$v"
    GOBIN="$bin" go install "github.com/podlint/podlint/cmd/...@$v"
  else
    (cd "${GITHUB_ACTION_PATH:?}" && GOBIN="$bin" go install ./cmd/...)
  fi
  echo "$bin" >>"$GITHUB_PATH"
}

case ${1:-} in
  resolve | download | build) "$1" ;;
  *) fail "usage: install.sh resolve|download|build" ;;
esac
