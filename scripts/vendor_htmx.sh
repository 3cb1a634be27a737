#!/usr/bin/env bash
# Refresh the vendored htmx from the npm package htmx.org (pinned 2.0.x).
# Usage: scripts/vendor_htmx.sh [VERSION]   (default: newest 2.0.x)
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-$(npm view 'htmx.org@~2.0' version | tail -n 1 | sed -E "s/.*'([^']+)'.*/\1/;s/^htmx.org@//")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@$version" >/dev/null && tar xzf htmx.org-"$version".tgz)
dest=webapp/static/js
rm -f "$dest"/htmx-*.min.js
cp "$tmp/package/dist/htmx.min.js" "$dest/htmx-$version.min.js"
sum=$(sha256sum "$dest/htmx-$version.min.js" | cut -d' ' -f1)
printf 'htmx.org %s\nfile htmx-%s.min.js\nsha256 %s\nsource npm package htmx.org@%s dist/htmx.min.js\n' \
  "$version" "$version" "$sum" "$version" > "$dest/VENDORED.txt"
echo "vendored htmx $version ($sum)"
echo "update HTMX_VERSION in webapp/config.py if it changed"
