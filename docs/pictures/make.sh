#!/usr/bin/env bash
# Renders every picture of docs/pictures.md with the tangent command (Release build) and prints each command.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release src/Tangent.Cli/Tangent.Cli.csproj -v q -nologo > /dev/null
tangent() { dotnet src/Tangent.Cli/bin/Release/net10.0/Tangent.Cli.dll "$@"; }
while IFS='|' read -r name args; do
  [ -z "$name" ] && continue
  eval "set -- $args"
  tangent plot "$@" -o "docs/pictures/$name.png" --size 800x600 > /dev/null
  echo "$name: tangent plot $args -o docs/pictures/$name.png --size 800x600"
done <<'LIST'
contour-smooth|contour "x^2 + 3*y^2 - x*y" --at x=1,y=0.5 --radius 1.5
contour-kinked|contour "abs(x) + y^2" --at x=0,y=0.5
contour-plane|contour "x^2 + y*z + sin(z)" --at x=1,y=0.5,z=0.2 --plane 1,1,0:0,1,1
angle-smooth|angle "exp(x)*sin(y)" --at x=0.5,y=1
angle-kinked|angle "if(x^2 + y^2 > 0, x*y/sqrt(x^2 + y^2), 0)" --at x=0,y=0
taylor-smooth|taylor "exp(x)*sin(y)" --at x=0.5,y=1
taylor-kinked|taylor "abs(x) + y" --at x=0,y=0 --along 1,1
slice-smooth|slice "sin(x)*y" --at x=1,y=2 --along 1,1
slice-kinked|slice "x*abs(y)" --at x=1,y=0 --along 0,1
jacobian-smooth|jacobian "[x^2 - y^2, 2*x*y]" --at x=1,y=0.5 --radius 0.3
jacobian-kinked|jacobian "[abs(x) + y, x - relu(y)]" --at x=0,y=0 --radius 0.5
path-smooth|path "x^2 + 10*y^2" --at x=1,y=1 --lr 0.09
path-exploding|path "x^2 + 10*y^2" --at x=1,y=1 --lr 0.105
path-kinked|path "abs(x) + 2*abs(y)" --at x=1,y=1 --lr 0.3 --steps 10
LIST
