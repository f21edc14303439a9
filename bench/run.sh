#!/usr/bin/env bash
# Runs every benchmark and peer with one command, side by side, and writes the combined results:
#   bench/run.sh            full run (several minutes)
#   bench/run.sh --quick    under two minutes: fewer samples
# Results: bench/results/*.csv, docs/benchmarks.png, and the table printed at the end (pasted into docs/benchmarks.md);
# the networks rows (bench/Networks beside PyTorch) in bench/results/networks/ and their own table (docs/networks.md).
set -u
cd "$(dirname "$0")/.."
QUICK=""
[ "${1:-}" = "--quick" ] && QUICK="--quick"
OUT=bench/results
BUILD=bench/peers/build
mkdir -p "$OUT" "$BUILD"
rm -f "$OUT"/*.csv

# --- peers' packages, from Debian (root needed; skipped when already installed) -----------------
need=()
[ -f /usr/include/adolc/adolc.h ] || need+=(libadolc-dev)
/usr/bin/python3 -c "import torch" 2>/dev/null || need+=(python3-torch libopenblas0)
command -v g++ >/dev/null || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (apt-get)..."
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
      || echo "WARNING: apt-get install ${need[*]} failed: those peers will be missing from the results"
  else
    echo "WARNING: not root, cannot apt-get install ${need[*]}: those peers will be missing from the results"
  fi
fi

# --- Tangent (C#): plain f, hand-written adjoints, Var tape, compiled IL, MathNet finite differences ----
echo "== Tangent (C#)"
dotnet run -c Release --project bench/Tangent.Benchmarks -- $QUICK --csv "$OUT/tangent.csv" || echo "WARNING: the C# benchmark failed"

# --- ADOL-C (C++, g++ -O2) -------------------------------------------------------------------------
echo "== ADOL-C"
if [ -f /usr/include/adolc/adolc.h ] && g++ -O2 -std=c++17 bench/peers/adolc_driver.cpp -ladolc -o "$BUILD/adolc_driver"; then
  { echo "problem,n,tool,f_ns,grad_ns,ratio,rel_error,bytes_per_call,note"; "$BUILD/adolc_driver" $QUICK; } | tee "$OUT/adolc.csv"
else
  echo "ADOL-C cannot run here: libadolc-dev is not installed or the driver did not build."
fi

# --- PyTorch (CPU, one thread) ---------------------------------------------------------------------
echo "== PyTorch"
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  { echo "problem,n,tool,f_ns,grad_ns,ratio,rel_error,bytes_per_call,note"; OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_peer.py $QUICK; } | tee "$OUT/torch.csv"
else
  echo "PyTorch cannot run here: Debian python3-torch is not installed."
fi

# --- networks: bench/Networks beside PyTorch (same shapes, float64, one thread) --------------------------
# Their rows are not the per-problem ratios to plain f of the table below, so they have their own table.
echo "== Networks (Tangent, hand-written C# backprop, PyTorch)"
mkdir -p "$OUT/networks"
rm -f "$OUT/networks"/*.csv
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_networks.py $QUICK --csv "$OUT/networks/torch.csv" || echo "WARNING: the PyTorch networks peer failed"
else
  echo "PyTorch cannot run here: Debian python3-torch is not installed (the networks table has no PyTorch column)."
fi
dotnet run -c Release --project bench/Networks -- $QUICK --peer "$OUT/networks/torch.csv" --csv "$OUT/networks/tangent.csv" | tee "$OUT/networks/table.txt" \
  || echo "WARNING: the networks benchmark failed"

# --- combined table and plot -------------------------------------------------------------------------
echo "== combined"
dotnet run -c Release --project bench/Tangent.Benchmarks -- plot "$OUT"/*.csv --png docs/benchmarks.png --md "$OUT/table.md"
cat "$OUT/table.md"
