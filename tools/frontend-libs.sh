#!/usr/bin/env bash
# Installs the front-end libraries pinned in package.json (and package-lock.json) and copies
# their built files where Arbor uses them, to be committed: building and testing Arbor needs no
# Node. Run it after changing a version in package.json.
#   ECharts  -> src/Arbor.Web/wwwroot/lib/echarts/   (the web app's charts)
#   axe-core -> tests/Arbor.Web.Tests/lib/           (the browser tests' accessibility check)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/package.json" "$work/"
[ -f "$root/package-lock.json" ] && cp "$root/package-lock.json" "$work/"
(cd "$work" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi)
[ -f "$root/package-lock.json" ] || cp "$work/package-lock.json" "$root/"
mkdir -p "$root/src/Arbor.Web/wwwroot/lib/echarts" "$root/tests/Arbor.Web.Tests/lib"
cp "$work/node_modules/echarts/dist/echarts.min.js" "$work/node_modules/echarts/LICENSE" "$root/src/Arbor.Web/wwwroot/lib/echarts/"
cp "$work/node_modules/axe-core/axe.min.js" "$root/tests/Arbor.Web.Tests/lib/"
cp "$work/node_modules/axe-core/LICENSE" "$root/tests/Arbor.Web.Tests/lib/axe-LICENSE"
echo "copied: echarts $(node -p "require('$work/node_modules/echarts/package.json').version"), axe-core $(node -p "require('$work/node_modules/axe-core/package.json').version")"
