#!/usr/bin/env bash
# The prepare stage's speed from launch to exit: runs `./hrnet prepare` as a child process, the way a
# user does, and prints a table of wall seconds, records per wall second and CPU seconds (user + sys
# of the JVM and everything it started). PrepareBenchmark measures inside a warm JVM; this measures
# what a user waits for, start-up and JIT compilation included.
#
#   docs/tools/prepare_from_launch.sh [--work=DIR] [--repeat=N] [--cityscapes-images=N] [--keep-output]
#       [--cases=fixed,camvid,camvid367,camvid16,camvid64,cityscapes,cityscapes16]
#       [--variants=launcher,nocds,cds,cds-c1,cds-c2late,other] [--other-jar=PATH] [--other-opts="JVM OPTIONS"]
#
# Defaults: --work=/tmp/prepare-from-launch --repeat=2 --cityscapes-images=32
# --cases=fixed,camvid,camvid367,camvid16,cityscapes --variants=launcher,nocds,cds; the shards of each run are
# deleted after it unless --keep-output.
#
# Cases: "fixed" is one CamVid image (K=4): the fixed cost of a run. "camvid" is the 123 CamVid
# training pairs of ../shared/data/camvid with K=4 augmented copies; "camvid367" is a set of CamVid's
# full training size (367 images: the 123 shared pairs listed three times under distinct names,
# copy1/ copy2/ copy3/, links to the same files, cut to 367 lines), K=4, reported beside "camvid",
# never instead of it; "camvid16" and "camvid64" the
# same with K=16 and K=64 (longer runs, where the JIT's second tier pays back its compile time),
# "cityscapes" the synthesised 2048x1024 frames (org.hrnetbeam.prepare.CityscapesSizeInputs, crops
# 1024x512, K=4), "cityscapes16" the same with K=16. Validation sets are left out (TEST_SET ''), 4 shards, DirectRunner (the default).
# Variants, run back to back for each case and repetition so that they share the machine's load:
#   launcher  what `./hrnet prepare` does by default: the AppCDS archive, C1 only, the serial collector
#   nocds   HRNET_CDS=0 and HRNET_JAVA_OPTS set to the default heap options: no class-data
#           sharing, both JIT tiers (what `./hrnet prepare` did before the launcher change)
#   cds     the sub-command's AppCDS archive (made first if missing), both JIT tiers
#   cds-c1  as cds, with -XX:TieredStopAtLevel=1 (C1 compiler only): the launcher before it took the
#           serial collector (add -XX:+UseSerialGC to HRNET_JAVA_OPTS for today's launcher, spelled out)
#   cds-c2late  as cds, with C2 thresholds raised tenfold (only the hottest methods reach C2)
#   other   another build's jar (--other-jar=PATH, e.g. one built from an older commit with
#           `git worktree add` + `mvn -DskipTests package`) run with the launcher's JVM options, or
#           --other-opts (e.g. "-XX:TieredStopAtLevel=1" for the launcher's options before
#           2026-11-28 10:20 UTC), and an archive of its own (PATH.prepare.jsa, made first if
#           missing): a before/after of code changes, back to back with "launcher" on the same load
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=/tmp/prepare-from-launch
repeat=2
cityscapes_images=32
cases=fixed,camvid,camvid367,camvid16,cityscapes
variants=launcher,nocds,cds
keep_output=0
other_jar=""
# The launcher's own JVM options for prepare (see ./hrnet), by default applied to the other jar.
other_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
for arg in "$@"; do
  case "$arg" in
    --work=*) work="${arg#*=}" ;;
    --repeat=*) repeat="${arg#*=}" ;;
    --cityscapes-images=*) cityscapes_images="${arg#*=}" ;;
    --cases=*) cases="${arg#*=}" ;;
    --variants=*) variants="${arg#*=}" ;;
    --keep-output) keep_output=1 ;;
    --other-jar=*) other_jar="${arg#*=}" ;;
    --other-opts=*) other_opts="${arg#*=}" ;;
    *) echo "prepare_from_launch.sh: unknown argument '$arg' (see the header of $0)" >&2; exit 2 ;;
  esac
done

shared="$root/../shared/data"
if [[ ",$variants," == *,other,* ]] && [ ! -f "$other_jar" ]; then
  echo "prepare_from_launch.sh: the variant 'other' needs --other-jar=PATH to a built hrnet-all.jar" >&2
  exit 2
fi
if [ ! -f "$shared/camvid/train.txt" ]; then
  echo "prepare_from_launch.sh: needs ../shared/data/camvid beside the repository (looked in $shared)" >&2
  exit 2
fi
hrnet="$root/hrnet"
jar="$root/pipeline/target/hrnet-all.jar"
default_opts="-Xmx6g -Dorg.bytedeco.javacpp.maxbytes=12g -Dorg.bytedeco.javacpp.maxphysicalbytes=16g"
mkdir -p "$work"
"$hrnet" --version >/dev/null   # builds the jar if needed, outside the timings

head -n 1 "$shared/camvid/train.txt" > "$work/one.txt"
if [[ ",$cases," == *,camvid367,* ]]; then
  mkdir -p "$work/camvid-367"
  for c in 1 2 3; do
    ln -sfn "$shared/camvid" "$work/camvid-367/copy$c"
    sed -E "s|^([^[:space:]]+)([[:space:]]+)(.*)$|copy$c/\1\2copy$c/\3|" "$shared/camvid/train.txt"
  done > "$work/camvid-367/all.txt"
  head -n 367 "$work/camvid-367/all.txt" > "$work/camvid-367/train.txt"
fi
if [[ ",$cases," == *,cityscapes* ]]; then
  java -cp "$jar" org.hrnetbeam.prepare.CityscapesSizeInputs "$shared/cityscapes-sample" \
    "$work/cityscapes-$cityscapes_images" "$cityscapes_images" >/dev/null
fi

camvid_cfg="$root/conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml"
cityscapes_cfg="$root/conf/cityscapes/seg_hrnet_w18_small_v1_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484.yaml"
common=(DATASET.TEST_SET "''" PIPELINE.NUM_SHARDS 4)
c2late="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000"

case_args() {
  case "$1" in
    fixed) echo "$camvid_cfg DATASET.ROOT $shared/camvid DATASET.TRAIN_SET $work/one.txt PIPELINE.AUGMENT_COPIES 4" ;;
    camvid) echo "$camvid_cfg DATASET.ROOT $shared/camvid PIPELINE.AUGMENT_COPIES 4" ;;
    camvid367) echo "$camvid_cfg DATASET.ROOT $work/camvid-367 PIPELINE.AUGMENT_COPIES 4" ;;
    camvid16) echo "$camvid_cfg DATASET.ROOT $shared/camvid PIPELINE.AUGMENT_COPIES 16" ;;
    camvid64) echo "$camvid_cfg DATASET.ROOT $shared/camvid PIPELINE.AUGMENT_COPIES 64" ;;
    cityscapes) echo "$cityscapes_cfg DATASET.ROOT $work/cityscapes-$cityscapes_images DATASET.TRAIN_SET train.lst PIPELINE.LAYOUT list PIPELINE.AUGMENT_COPIES 4" ;;
    cityscapes16) echo "$cityscapes_cfg DATASET.ROOT $work/cityscapes-$cityscapes_images DATASET.TRAIN_SET train.lst PIPELINE.LAYOUT list PIPELINE.AUGMENT_COPIES 16" ;;
    *) echo "prepare_from_launch.sh: unknown case '$1'" >&2; exit 2 ;;
  esac
}

# Runs one case under one variant; prints "records wall user sys".
run_once() {
  local case_name="$1" variant="$2" out="$work/out-$1-$2" log="$work/last.log" timing="$work/last.time"
  local cds=1 opts="${HRNET_JAVA_OPTS:-$default_opts}"
  case "$variant" in
    launcher) opts="" ;;
    nocds) cds=0 ;;
    cds) ;;
    cds-c1) opts="$opts -XX:TieredStopAtLevel=1" ;;
    cds-c2late) opts="$opts $c2late" ;;
    other) ;;
    *) echo "prepare_from_launch.sh: unknown variant '$variant'" >&2; exit 2 ;;
  esac
  rm -rf "$out"
  read -r -a args <<< "$(case_args "$case_name")"
  local cfg="${args[0]}"
  if [ "$variant" = other ]; then
    local jvm=($default_opts $other_opts -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds*=off:stderr)
    if [ ! -f "$other_jar.prepare.jsa" ]; then
      java "${jvm[@]}" -XX:ArchiveClassesAtExit="$other_jar.prepare.jsa" -jar "$other_jar" prepare --cfg "$cfg" \
        "${args[@]:1}" "${common[@]}" OUTPUT_DIR "$out" >"$log" 2>&1 \
        || { echo "prepare_from_launch.sh: archive run of $other_jar failed, see $log" >&2; exit 1; }
      rm -rf "$out"
    fi
    (
      TIMEFORMAT='%R %U %S'
      time java "${jvm[@]}" -XX:SharedArchiveFile="$other_jar.prepare.jsa" -jar "$other_jar" prepare --cfg "$cfg" \
        "${args[@]:1}" "${common[@]}" OUTPUT_DIR "$out" >"$log" 2>&1
    ) 2>"$timing" || { echo "prepare_from_launch.sh: $case_name ($variant) failed, see $log" >&2; exit 1; }
  else
    (
      TIMEFORMAT='%R %U %S'
      time HRNET_CDS=$cds HRNET_JAVA_OPTS="$opts" "$hrnet" prepare --cfg "$cfg" "${args[@]:1}" "${common[@]}" \
        OUTPUT_DIR "$out" >"$log" 2>&1
    ) 2>"$timing" || { echo "prepare_from_launch.sh: $case_name ($variant) failed, see $log" >&2; exit 1; }
  fi
  local records
  records="$(sed -n 's/^prepare: wrote \([0-9]*\) records.*/\1/p' "$log")"
  # The shards' SHA-256 (concatenated in name order): equal sums mean byte-identical output.
  sha="$(cat $(ls "$out"/*/*/shards/*.tfrecord* | sort) | sha256sum | cut -c1-16)"
  # Shards of the longer cases take gigabytes; --keep-output keeps them to compare runs.
  if [ "$keep_output" = 0 ]; then
    rm -rf "$out"
  fi
  echo "$records $(tail -n 1 "$timing") $sha"
}

echo "prepare from launch: $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), jar $(stat -c %y "$jar" | cut -c1-19)"
# A variant's archive is made by its first run; that run (slower: the dump) is not in the table.
IFS=, read -r -a case_list <<< "$cases"
IFS=, read -r -a variant_list <<< "$variants"
for variant in "${variant_list[@]}"; do
  if [ "$variant" != nocds ]; then
    run_once fixed "$variant" >/dev/null
  fi
done

echo
echo "| case | variant | run | started (UTC) | load (1 min) | records | wall s | records/s from launch | CPU s | shards SHA-256 |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for case_name in "${case_list[@]}"; do
  for ((r = 1; r <= repeat; r++)); do
    for variant in "${variant_list[@]}"; do
      started="$(date -u +%H:%M:%S)"
      load="$(cut -d ' ' -f 1 /proc/loadavg)"
      read -r records wall user sys sha <<< "$(run_once "$case_name" "$variant")"
      awk -v c="$case_name" -v v="$variant" -v r="$r" -v s="$started" -v l="$load" -v n="$records" \
        -v w="$wall" -v u="$user" -v y="$sys" -v h="$sha" \
        'BEGIN { printf "| %s | %s | %d | %s | %s | %d | %.2f | %.1f | %.2f | %s |\n", c, v, r, s, l, n, w, n / w, u + y, h }'
    done
  done
done
