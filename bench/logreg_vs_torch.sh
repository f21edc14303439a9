#!/usr/bin/env bash
# Logistic regression 10 000 × 100, gradient on arrays against PyTorch (1 thread, float64), side by side:
# ROUNDS rounds (default 3) alternating the C# row (with the hand-written adjoint) and PyTorch's rows; compare the
# medians of the rounds. Build first: dotnet build -c Release bench/Tangent.Benchmarks
#   bench/logreg_vs_torch.sh [ROUNDS]
set -u
cd "$(dirname "$0")/.."
DLL=bench/Tangent.Benchmarks/bin/Release/net10.0/Tangent.Benchmarks.dll
for round in $(seq 1 "${1:-3}"); do
  echo "== round $round ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$DLL" --only arrays-logreg | grep -E "^logreg|backend"
  OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_peer.py --only logreg | grep vectorized
done
