#!/usr/bin/env bash
# Rebuild server/static/vendor/editor.js (CodeMirror 6 + SPARQL mode) from the pinned npm packages
# in package-lock.json, and copy the licences beside it. Needs node and npm; see docs/vendor.md.
set -euo pipefail
cd "$(dirname "$0")"
out=../../server/static/vendor
npm ci --no-audit --no-fund
mkdir -p "$out"
node_modules/.bin/esbuild entry.mjs --bundle --minify --format=iife --global-name=NQEditor --target=es2019 \
  --legal-comments=none --charset=utf8 --outfile="$out/editor.js"
node licences.mjs > "$out/editor.LICENSES.txt"
echo "built $out/editor.js ($(wc -c < "$out/editor.js") bytes) and $out/editor.LICENSES.txt"
