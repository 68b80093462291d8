#!/usr/bin/env bash
# Requests per second of the public site under gunicorn, measured with wrk.
#
# Fills a temporary SQLite file (or, with --database postgres, a fresh
# PostgreSQL database) with generated articles, serves it with gunicorn
# (sync workers, production settings) on loopback and runs wrk on /healthz
# and the public pages, twice: page cache on, then off.
#
#   bench/http.sh [--seconds 10] [--articles 10000] [--database sqlite|postgres]
#                 [--redis redis://127.0.0.1:6379/7] [--workers 2]
#                 [--connections 16] [--only PAGE]
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_URL=10
ARTICLES=10000
DATABASE=sqlite
POSTGRES_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_http
REDIS=""
WORKERS=2
THREADS=2
CONNECTIONS=16
ONLY=""
PYTHON=.venv/bin/python

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_PER_URL=$2; shift 2 ;;
        --articles) ARTICLES=$2; shift 2 ;;
        --database) DATABASE=$2; shift 2 ;;
        --postgres-url) POSTGRES_URL=$2; shift 2 ;;
        --redis) REDIS=$2; shift 2 ;;
        --workers) WORKERS=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        -h|--help) usage ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done
case "$DATABASE" in
    sqlite|postgres) ;;
    *) echo "--database must be sqlite or postgres" >&2; exit 2 ;;
esac
for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done

workdir=$(mktemp -d -t newsroom-bench-XXXXXX)
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
cleanup() { stop_server; rm -rf "$workdir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
echo "Machine: $(nproc) CPUs (nproc), ${cpu_model:-unknown CPU}," \
    "$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)," \
    "load average $(cut -d' ' -f1 /proc/loadavg)"
echo "wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_URL}s --latency;" \
    "gunicorn $WORKERS sync workers; $DATABASE; loopback"

if [ "$DATABASE" = postgres ]; then
    database_url=$POSTGRES_URL
else
    database_url="sqlite:///$workdir/bench.db"
fi
"$PYTHON" bench/common.py dataset --database-url "$database_url" \
    --articles "$ARTICLES" >"$workdir/pages.tsv"
if [ -n "$ONLY" ]; then
    awk -F'\t' -v only="$ONLY" '$1 == "healthz" || index($1, only)' \
        "$workdir/pages.tsv" >"$workdir/selected.tsv"
    mv "$workdir/selected.tsv" "$workdir/pages.tsv"
fi
# Query budget: a small constant number of queries, no COUNT(*), no deep OFFSET.
awk -F'\t' '$4 != 200 || $6 > 0 || $7 > 1000 {
    printf "!! %s: status %s, %s queries, %s COUNT, OFFSET %s\n", $3, $4, $5, $6, $7
}' "$workdir/pages.tsv"

secret=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
start_server() {  # start_server PORT PAGE_CACHE_SECONDS [REDIS_URL]
    env -u DJANGO_DEBUG -u REDIS_URL -u DATABASE_REPLICA_URL \
        DJANGO_SETTINGS_MODULE=newsroom.settings \
        DJANGO_DEBUG=0 \
        DJANGO_SECRET_KEY="$secret" \
        DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
        DJANGO_SECURE_SSL_REDIRECT=0 \
        DJANGO_LOG_LEVEL=WARNING \
        PYTHONWARNINGS="ignore:No directory at" \
        DATABASE_URL="$database_url" \
        NEWSROOM_PAGE_CACHE_SECONDS="$2" \
        ${3:+REDIS_URL="$3"} \
        "$PYTHON" -m gunicorn newsroom.wsgi:application \
        --bind "127.0.0.1:$1" --workers "$WORKERS" --worker-class sync \
        --log-level warning &
    server_pid=$!
    for _ in $(seq 100); do
        if curl -fs -o /dev/null "http://127.0.0.1:$1/healthz"; then return 0; fi
        kill -0 "$server_pid" 2>/dev/null || { echo "gunicorn exited" >&2; exit 1; }
        sleep 0.2
    done
    echo "gunicorn did not answer /healthz" >&2
    exit 1
}

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# measure MODE PAGE_CACHE_SECONDS: one row per page in $workdir/MODE.tsv:
# name kind path queries req/s p50_ms p99_ms failed cache
measure() {
    local mode=$1 cache_seconds=$2 port redis=""
    port=$(free_port)
    if [ "$cache_seconds" != 0 ] && [ -n "$REDIS" ]; then
        redis="$REDIS"
        "$PYTHON" -c 'import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()' "$redis"
    fi
    start_server "$port" "$cache_seconds" "$redis"
    : >"$workdir/$mode.tsv"
    while IFS=$'\t' read -r name kind path _status queries _counts _offset; do
        url="http://127.0.0.1:$port$path"
        for _ in $(seq $((4 * WORKERS))); do
            code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
            if [ "$code" != 200 ]; then
                echo "!! $name: $url answered $code" >&2
                exit 1
            fi
        done
        wrk "-t$THREADS" "-c$CONNECTIONS" "-d${SECONDS_PER_URL}s" --latency \
            --timeout 10s "$url" >"$workdir/wrk.txt" 2>&1
        cache=$(curl -s -o /dev/null -w '%header{x-page-cache}' "$url")
        awk -F'\t' -v name="$name" -v kind="$kind" -v path="$path" \
            -v queries="$queries" -v cache="${cache:--}" '
            function ms(text,  n) {
                n = text + 0
                if (text ~ /us$/) return n / 1000
                if (text ~ /ms$/) return n
                if (text ~ /m$/) return n * 60000
                return n * 1000
            }
            { split($0, f, " ") }
            /^ +50%/ { p50 = ms(f[2]) }
            /^ +99%/ { p99 = ms(f[2]) }
            /^Requests\/sec:/ { rps = f[2] }
            /Non-2xx or 3xx responses:/ { failed += f[5] }
            /Socket errors:/ {
                gsub(/,/, ""); split($0, f, " ")
                failed += f[4] + f[6] + f[8] + f[10]
            }
            END {
                if (rps == "") { print "wrk gave no result" > "/dev/stderr"; exit 1 }
                printf "%s\t%s\t%s\t%s\t%s\t%.2f\t%.2f\t%d\t%s\n",
                    name, kind, path, queries, rps, p50, p99, failed, cache
            }' "$workdir/wrk.txt" >>"$workdir/$mode.tsv"
    done <"$workdir/pages.tsv"
    stop_server
}

# report MODE TITLE: the table, with each page's share of /healthz and target.
report() {
    echo
    echo "$2"
    awk -F'\t' -v mode="$1" '
        BEGIN {
            # Targets as a share of /healthz.
            target["on", "list"] = 0.5; target["on", "article"] = 0.5
            target["off", "list"] = 0.1; target["off", "article"] = 0.2
            printf "%-16s %9s %8s %8s %9s %-12s %-5s %7s  %s\n", "page", "req/s",
                "p50 ms", "p99 ms", "/healthz", "target", "cache", "queries", "path"
        }
        $1 == "healthz" { healthz = $5 }
        {
            share = $5 / healthz
            verdict = ""
            if ($2 != "fixed") {
                t = target[mode, $2]
                ok = share >= t
                verdict = sprintf("%s >=%d%%", ok ? "ok" : "MISSED", t * 100)
                if (!ok) missed++
            }
            printf "%-16s %9.0f %8.2f %8.2f %8.1f%% %-12s %-5s %7s  %s\n",
                $1, $5, $6, $7, share * 100, verdict, $9, $4, $3
            if ($8 > 0) { printf "  !! %d failed responses or socket errors\n", $8; missed++ }
        }
        END { exit missed > 0 }' "$workdir/$1.tsv"
}

cache_name="local memory per worker"
[ -n "$REDIS" ] && cache_name="Redis"
measure on 300
measure off 0
status=0
report on "Page cache ON ($cache_name)" || status=1
report off "Page cache OFF" || status=1
echo
echo "Cache on/off speed-up:"
paste "$workdir/on.tsv" "$workdir/off.tsv" | awk -F'\t' \
    '$1 != "healthz" { printf "  %-16s x%.1f\n", $1, $5 / $14 }'
echo
echo "Load average at the end: $(cut -d' ' -f1 /proc/loadavg)"
if [ "$status" = 0 ]; then echo "All targets met."; else echo "Some targets were MISSED."; fi
exit "$status"
