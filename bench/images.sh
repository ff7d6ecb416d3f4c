#!/usr/bin/env bash
# Image benchmark: renditions per second for a 4000×3000 JPEG through the pipeline (admin upload -> Worker -> Ready,
# three WebP renditions each), against libvips making the same renditions of the same file in a tight loop
# (bench/ImageAnchor, measured first in the same run), and the Worker's peak RSS while resizing (target < 250 MB).
# Appends to bench/results.md.      bench/images.sh      (IMAGES=30 ANCHOR_SECONDS=20 to tune)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
IMAGES="${IMAGES:-30}" ANCHOR_SECONDS="${ANCHOR_SECONDS:-20}" API_PORT="${API_PORT:-5090}" WEB_PORT="${WEB_PORT:-5080}"
RESULTS="$ROOT/bench/results.md"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"

# shellcheck source=common.sh
source bench/common.sh
bench_stack
dotnet build bench/ImageAnchor -c Release -nologo -v q >/dev/null
anchor() { dotnet bench/ImageAnchor/bin/Release/net10.0/ImageAnchor.dll "$@"; }
PHOTO="$OUT/photo-4000x3000.jpg"
anchor make "$PHOTO" >/dev/null
srv_log "anchor: libvips in a tight loop for ${ANCHOR_SECONDS}s ..."
ANCHOR_RATE="$(anchor loop "$PHOTO" "$ANCHOR_SECONDS" | awk '/^ANCHOR/ { for (i = 2; i <= NF; i++) if ($i ~ /^per_second=/) print substr($i, 12) }')"
srv_log "anchor: $ANCHOR_RATE renditions/s"

shopdb() { "$SHOP_PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d shopdb -qAtX -c "$1"; }
WORKER_PID="$(pid_of worker)"
TOKEN="$(tr '\0' '\n' <"/proc/$(pid_of api)/environ" | sed -n 's/^Admin__Token=//p')"
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
RSS_BEFORE="$(rss_mb "$WORKER_PID")" PEAK=0
T0="$(shopdb "SELECT now()")"
srv_log "uploading $IMAGES copies of a $(($(stat -c %s "$PHOTO") / 1024)) KB 4000x3000 JPEG ..."
for ((i = 1; i <= IMAGES; i++)); do
    curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/octet-stream" \
        --data-binary @"$PHOTO" "http://127.0.0.1:$API_PORT/api/catalog/items/$i/image"
done
deadline=$((SECONDS + 300))
while [ "$(shopdb "SELECT count(*) FROM catalog_images WHERE created_at >= '$T0' AND status = 'Pending'")" -gt 0 ] &&
    [ "$SECONDS" -lt "$deadline" ]; do
    v="$(rss_mb "$WORKER_PID")"; if [ "$v" -gt "$PEAK" ]; then PEAK="$v"; fi
    sleep 0.3
done
read -r READY FAILED RENDITIONS SPAN < <(shopdb "SELECT count(*) FILTER (WHERE status = 'Ready'), count(*) FILTER (WHERE status = 'Failed'),
    coalesce(sum(cardinality(widths)), 0), extract(epoch FROM max(ready_at) - min(created_at))
    FROM catalog_images WHERE created_at >= '$T0'" | tr '|' ' ')
RATE="$(awk -v n="$RENDITIONS" -v s="$SPAN" 'BEGIN { printf "%.2f", (s > 0 ? n / s : 0) }')"
srv_log "pipeline: $RENDITIONS renditions of $READY images in ${SPAN}s = $RATE/s ($FAILED failed); Worker RSS $RSS_BEFORE -> peak $PEAK MB"
{
    echo
    echo "## Images, $(date -u '+%Y-%m-%d %H:%M UTC') ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs). A $(($(stat -c %s "$PHOTO") / 1024)) KB 4000×3000 JPEG; renditions 640, 1280 and 1920 px WebP."
    echo
    echo "| workload | renditions/s | vs anchor | notes |"
    echo "|---|---|---|---|"
    echo "| libvips alone, one thread of calls in a tight loop (anchor) | $ANCHOR_RATE | | bench/ImageAnchor, same calls as the Worker |"
    echo "| pipeline: $IMAGES admin uploads → Worker → Ready | $RATE | $(awk -v a="$RATE" -v b="$ANCHOR_RATE" 'BEGIN { printf "%d%%", (b > 0 ? 100 * a / b : 0) }') | first upload to last Ready, ${SPAN}s; $READY ready, $FAILED failed; includes blob download/upload and the database |"
    echo
    echo "Worker RSS: $RSS_BEFORE MB before, peak $PEAK MB while resizing ($([ "$PEAK" -lt 250 ] && echo met || echo MISSED); target < 250 MB)."
} | tee -a "$RESULTS"
