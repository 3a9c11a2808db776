#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with AFL++ and SharpFuzz, for a bounded time. Not run by CI.
#   fuzz/run.sh <policy|patch|admission|ads> [seconds=300]
# Needs: afl++ (apt-get install -y afl++) and the SharpFuzz tool (dotnet tool install --global SharpFuzz.CommandLine).
# Builds fuzz/Mesh.Fuzz into fuzz/out/bin, instruments Mesh's own assemblies once, fuzzes from fuzz/corpus/<target>
# into fuzz/out/findings/<target> (not committed), and prints AFL's summary. A crash is replayed in-process with
#   dotnet fuzz/out/bin/Mesh.Fuzz.dll <target> fuzz/out/findings/<target>/default/crashes/id:...
set -euo pipefail
target=${1:?usage: fuzz/run.sh <policy|patch|admission|ads> [seconds]}
seconds=${2:-300}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
export PATH="$PATH:$HOME/.dotnet/tools"

if [[ ! -f $out/bin/.instrumented ]]; then
  rm -rf "$out/bin"
  dotnet build "$here/Mesh.Fuzz" -c Release -o "$out/bin" -warnaserror -nologo -v quiet
  # Only Mesh's code is instrumented: coverage then means paths through Mesh, not through the BCL or libraries.
  for dll in LocalCluster.dll Operator.Entities.dll XdsServer.dll mesh-operator.dll; do
    sharpfuzz "$out/bin/$dll"
  done
  touch "$out/bin/.instrumented"
fi

mkdir -p "$out/findings"
dict=()
[[ $target != ads ]] && dict=(-x "$here/json.dict")
# .NET is not AFL-instrumented natively (SharpFuzz talks to afl-fuzz itself): skip the binary check. No memory limit
# (the runtime reserves far more virtual memory than it uses); 10 s per input covers the first call's JIT.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
  afl-fuzz -V "$seconds" -i "$here/corpus/$target" -o "$out/findings/$target" -t 10000 -m none "${dict[@]}" \
  -- dotnet "$out/bin/Mesh.Fuzz.dll" "$target" > "$out/findings/$target.log" 2>&1 || true

stats=$out/findings/$target/default/fuzzer_stats
if [[ -f $stats ]]; then
  grep -E '^(start_time|last_update|run_time|execs_done|execs_per_sec|corpus_count|corpus_found|bitmap_cvg|edges_found|total_edges|saved_crashes|saved_hangs|stability)' "$stats"
else
  tail -n 40 "$out/findings/$target.log"
fi
