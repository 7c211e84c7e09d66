#!/usr/bin/env bash
# Opens a study's report.html in headless Chromium, from disk with the network switched off, and
# checks that it renders: the tables are there and every inlined plot decoded. Saves a screenshot.
#
#   scripts/check-report.sh studies/paper/report.html [screenshot.png] [PLOT]
#
# PLOT (e.g. correlation-01) takes the screenshot of that plot's figure and caption alone.
#
# Exit 0: rendered; 1: it did not (the reason is printed); 2: bad arguments; 3: no chromium
# (install the Debian package 'chromium'; scripts/setup.sh does).
set -euo pipefail

report="${1:-}"
if [ -z "$report" ] || [ ! -f "$report" ]; then
  echo "usage: scripts/check-report.sh REPORT.html [SCREENSHOT.png] (no such report: '${report}')" >&2
  exit 2
fi
screenshot="${2:-${report%.html}.png}"
plot="${3:-}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "skip: no chromium on this machine; install it with 'apt-get install chromium' (scripts/setup.sh does)" >&2
  exit 3
fi
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: Chromium refuses to run as root with its sandbox; the page is our own file.
# The proxy settings send any network request nowhere, so a report that needed the network would fail.
flags=(--headless --no-sandbox --disable-gpu --user-data-dir="$profile" --proxy-server=127.0.0.1:9
  --proxy-bypass-list='<-loopback>' --virtual-time-budget=10000 --window-size=1400,2400)

dom="$("$browser" "${flags[@]}" --dump-dom "$url" 2>/dev/null)"
if [ -z "$plot" ]; then
  "$browser" "${flags[@]}" --screenshot="$screenshot" "$url" >/dev/null 2>&1
else # the figure alone, with the report's own style: its head and the figure's line, in a window its size
  figure="$profile/figure.html"
  { sed -n '1,/<\/head>/p' "$report"; echo '<body style="margin:8px">'
    grep -F "<figure id=\"plot-$plot\">" "$report" || true; echo '</body></html>'; } >"$figure"
  "$browser" "${flags[@]}" --window-size=800,660 --hide-scrollbars --screenshot="$screenshot" "file://$figure" \
    >/dev/null 2>&1
fi

loaded="$(sed -n 's/.*data-images-loaded="\([0-9]*\/[0-9]*\)".*/\1/p' <<<"$dom" | head -1)"
problems=()
# Here-strings, not pipes: with pipefail, grep -q leaving at its first match can kill the printf
# feeding it with SIGPIPE, which failed the pipe (seen as "no results table" in a fresh check once
# the report grew).
grep -q '<table id="results">' <<<"$dom" || problems+=("no results table")
[ -n "$loaded" ] || problems+=("the page's load handler did not run")
if [ -n "$loaded" ]; then
  [ "${loaded%/*}" = "${loaded#*/}" ] || problems+=("only $loaded plots decoded")
  [ "${loaded#*/}" -gt 0 ] || problems+=("no plots in the report")
fi
[ -s "$screenshot" ] || problems+=("no screenshot written")
if [ -n "$plot" ]; then
  grep -q "<figure id=\"plot-$plot\">" <<<"$dom" || problems+=("no plot $plot in the report")
fi
if [ ${#problems[@]} -gt 0 ]; then
  echo "report $report does not render: ${problems[*]}" >&2
  exit 1
fi
echo "report $report renders in $("$browser" --version 2>/dev/null | head -1): $loaded plots decoded, tables present; screenshot $screenshot"
