#!/usr/bin/env bash
# Issue 4's speed table, ours beside the reference measured right after it on the same machine: for
# each row, ModelBenchmark (our train step as PIPELINE.TRAIN_STEP runs it, default auto) and then
# docs/tools/reference_step_speed.py (the reference's own model, loss and torch.optim.SGD), two
# threads each. This machine's speed moves by 15-30 % over hours, so only rows timed together
# compare.
#
#   docs/tools/train_step_vs_reference.sh --reference REF [--engine=auto|channels-last|dl4j]
#       [ROW ...]      a row is VARIANT,HEIGHT,WIDTH,BATCH,ITERATIONS,WARMUP
#
# REF is a checkout of the reference's pytorch-v1.1 branch (see reference_step_speed.py). Default
# rows: the five of issue 4 (W18-small-v1 and v2 at 256x512, v1 at 512x1024, W48 at both sizes).
# Needs the training module compiled (mvn -q -B -o -pl training -am compile) and /usr/bin/python3
# with torch and PyYAML. W48 at 512x1024 wants about 10 GiB free for ours and 7 for the reference.
set -euo pipefail
cd "$(dirname "$0")/../.."

reference=""
engine=auto
rows=()
for arg in "$@"; do
  case "$arg" in
    --reference=*) reference="${arg#--reference=}" ;;
    --engine=*) engine="${arg#--engine=}" ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) rows+=("$arg") ;;
  esac
done
if [ -z "$reference" ]; then
  echo "usage: $0 --reference=REF [--engine=auto|channels-last|dl4j] [VARIANT,H,W,BATCH,ITERATIONS,WARMUP ...]" >&2
  exit 2
fi
if [ ${#rows[@]} -eq 0 ]; then
  rows=(w18_small_v1,256,512,2,9,3 w18_small_v2,256,512,2,7,3 w18_small_v1,512,1024,2,5,2 w48,256,512,2,5,2
    w48,512,1024,2,2,1)
fi

classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
mvn -q -B -o -Dstyle.color=never -pl training dependency:build-classpath -Dmdep.outputFile="$classpath_file" >/dev/null
cp="training/target/classes:transforms/target/classes:$(sed 's#[^:]*hrnet-transforms[^:]*:##' "$classpath_file")"
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ); $(git rev-parse --short HEAD)"
for row in "${rows[@]}"; do
  IFS=, read -r variant height width batch iterations warmup <<<"$row"
  java -Xmx4g -Dorg.bytedeco.javacpp.maxbytes=20g -Dorg.bytedeco.javacpp.maxphysicalbytes=22g \
    --add-modules jdk.incubator.vector -Dhrnet.trainStep="$engine" -cp "$cp" \
    org.hrnetbeam.bench.ModelBenchmark "$variant" "$height" "$width" "$batch" "$iterations" "$warmup" 2>/dev/null \
    | grep '^|' | sed 's/^/ours      /'
  /usr/bin/python3 docs/tools/reference_step_speed.py --reference "$reference" \
    "$variant" "$height" "$width" "$batch" "$iterations" "$warmup" 2>/dev/null | grep '^|' | tail -1 \
    | sed 's/^/reference /'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
