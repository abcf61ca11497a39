#!/usr/bin/env bash
# Packs every package of the repository into a local folder feed and prints how to use it: the nuget.config, the
# `dotnet add package` and the `dotnet tool install` lines. Until the packages are on nuget.org, this is how to get
# them. The version comes from git (see Directory.Build.props); --version sets it by hand.
#
#   ./eng/pack.sh [--version VERSION] [--output FOLDER]      (default folder: artifacts/packages)
set -euo pipefail
cd "$(dirname "$0")/.."

feed=artifacts/packages
version=
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --output) feed="${2:?--output needs a folder}"; shift 2 ;;
    *) echo "pack.sh: unknown argument '$1'; use --version VERSION or --output FOLDER." >&2; exit 2 ;;
  esac
done
mkdir -p "$feed"
feed=$(cd "$feed" && pwd)

args=(pack StochasticMutatorTuner.sln -c Release -o "$feed" -nologo)
if [ -n "$version" ]; then
  args+=("-p:MinVerVersionOverride=$version")
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet "${args[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  echo "pack.sh: dotnet pack failed (its output is above)." >&2
  exit 1
fi

# The version just packed: that of the newest tool package in the feed (the log's wording depends on the locale).
tool=$(ls -t "$feed"/StochasticMutatorTuner.Cli.*.nupkg 2>/dev/null | head -n 1 || true)
if [ -z "$tool" ]; then
  cat "$log" >&2
  echo "pack.sh: no StochasticMutatorTuner.Cli package in $feed after packing." >&2
  exit 1
fi
packed=$(basename "$tool" .nupkg)
packed=${packed#StochasticMutatorTuner.Cli.}
torchsharp=$(sed -n 's|.*Include="TorchSharp-cpu" Version="\([^"]*\)".*|\1|p' Directory.Packages.props)

cat <<EOF
Packed version $packed into $feed:
  StochasticMutatorTuner              the runtime, attributes, source generator and analyzers
  StochasticMutatorTuner.TorchSharp   the TorchSharp training runtime (brings StochasticMutatorTuner)
  StochasticMutatorTuner.Abstractions the attributes alone
  StochasticMutatorTuner.Cli          the smt tool
  (each with its symbols in a .snupkg)

1. Let your project restore from this folder: save this as nuget.config beside your .csproj or .sln

<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="stochasticmutatortuner-local" value="$feed" />
  </packageSources>
</configuration>

2. Add the packages, in the project's folder (TorchSharp-cpu is libtorch for the CPU; use a CUDA one for GPUs):

dotnet add package StochasticMutatorTuner.TorchSharp --version $packed
dotnet add package TorchSharp-cpu --version $torchsharp

   and keep bin/ to this machine's libtorch (0.5 GB instead of every platform's, 1.1 GB): add this line to the
   .csproj's <PropertyGroup> (\`dotnet publish -r RID\` still builds for another platform)

<RuntimeIdentifier>\$(NETCoreSdkPortableRuntimeIdentifier)</RuntimeIdentifier>

   Without TorchSharp, the tuner alone is

dotnet add package StochasticMutatorTuner --version $packed

3. Install the smt tool (or --tool-path FOLDER instead of --global):

dotnet tool install --global StochasticMutatorTuner.Cli --version $packed --add-source "$feed"
EOF
