#!/usr/bin/env bash
# tangent minimize (default method) against SciPy on the Moré–Garbow–Hillstrom set, side by side:
#   bench/optimisation/run.sh      (installs Debian python3-scipy and python3-sympy when missing; root needed for that)
set -u
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c "import scipy, sympy" 2>/dev/null; then
  echo "installing python3-scipy python3-sympy (apt-get)..."
  apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-scipy python3-sympy >/dev/null 2>&1 \
    || echo "WARNING: could not install SciPy: its columns will be empty"
fi
python3 bench/optimisation/mgh.py > bench/optimisation/problems.json
dotnet build -c Release src/Tangent.Cli -v q -nologo >/dev/null || { echo "the build failed"; exit 1; }
TANGENT="dotnet src/Tangent.Cli/bin/Release/net10.0/Tangent.Cli.dll" python3 bench/optimisation/compare.py
