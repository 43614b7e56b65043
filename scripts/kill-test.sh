#!/usr/bin/env bash
# SIGKILLs `curbside import medquad`, `curbside index --force` and `curbside remove medquad`
# at POINTS moments spread over each one's measured duration, and after every kill checks
# that the library is the previous one or the new one, whole, and still answers:
#   - `corpora --json` lists either the previous or the new set of imports, each with the
#     article count it had and its file present at the size the manifest records;
#   - `ask "what is cancer" --json` exits 0 with an article id.
# Every kill starts from a copy of the same home, so each point is tried on the same state.
# Not part of CI (it needs the MedQuAD folders and takes minutes).
#   scripts/kill-test.sh [POINTS] [MEDQUAD_DIR]    defaults: 20, /work/shared/medquad
set -euo pipefail
cd "$(dirname "$0")/.."
points="${1:-20}"
medquad="${2:-/work/shared/medquad}"
first="$medquad/1_CancerGov_QA"
second="$medquad/2_GARD_QA"
cargo build --release --locked --quiet
bin="$PWD/target/release/curbside"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "kill-test: $points points each; $(nproc) cores; $(date -u +%F); scratch $scratch"

run() { "$bin" --home "$1" "${@:2}"; }

# What the library is, as the check compares it: "name:articles" of each import, sorted.
library() {
    run "$1" corpora --json | jq -r '[.installed[] | "\(.name):\(.articles)"] | sort | join(",")'
}

# Every import's file is there at the size the manifest records.
files_whole() {
    local home="$1"
    run "$home" corpora --json | jq -r '.installed[] | "\(.file) \(.bytes)"' | while read -r file bytes; do
        [[ -f "$home/corpora/$file" && $(stat -c %s "$home/corpora/$file") == "$bytes" ]] || {
            echo "missing or wrong size: $file"
            return 1
        }
    done
}

# The two homes each command moves between: after the first import, after the second.
before_import="$scratch/before-import"
after_import="$scratch/after-import"
mkdir -p "$before_import"
run "$before_import" import medquad "$first" >/dev/null 2>&1
cp -a "$before_import" "$after_import"
run "$after_import" import medquad "$second" >/dev/null 2>&1
after_remove="$scratch/after-remove"
cp -a "$after_import" "$after_remove"
run "$after_remove" remove medquad >/dev/null 2>&1
lib_first=$(library "$before_import")
lib_second=$(library "$after_import")
lib_none=$(library "$after_remove")
echo "libraries: first import [$lib_first], second [$lib_second], removed [$lib_none]"

# Seconds (fractional) one run of a command takes from the home given.
measure() {
    local from="$1"
    shift
    local home="$scratch/measure"
    rm -rf "$home"
    cp -a "$from" "$home"
    local start end
    start=$(date +%s.%N)
    run "$home" "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

failures=0
# kill_at NAME FROM PREVIOUS NEW COMMAND...
kill_at() {
    local name="$1" from="$2" previous="$3" new="$4"
    shift 4
    local whole
    whole=$(measure "$from" "$@")
    printf '%s: a whole run takes %.2f s\n' "$name" "$whole"
    local olds=0 news=0 finished=0
    for i in $(seq 1 "$points"); do
        local at home="$scratch/work"
        at=$(echo "$whole * ($i - 0.5) / $points" | bc -l)
        rm -rf "$home"
        cp -a "$from" "$home"
        "$bin" --home "$home" "$@" >/dev/null 2>&1 &
        local pid=$!
        sleep "$at"
        local outcome="killed"
        kill -9 "$pid" 2>/dev/null || outcome="finished before the kill"
        wait "$pid" 2>/dev/null || true
        local now asked id problem=""
        now=$(library "$home") || problem="corpora failed"
        if [[ "$now" == "$previous" ]]; then
            state=previous
            olds=$((olds + 1))
        elif [[ "$now" == "$new" ]]; then
            state=new
            news=$((news + 1))
        else
            state="neither: [$now]"
            problem="library is neither"
        fi
        files_whole "$home" >/dev/null || problem="${problem:+$problem; }a corpus file is not whole"
        if asked=$(run "$home" ask "what is cancer" --json 2>/dev/null); then
            id=$(echo "$asked" | jq -r '.article.id // .passages[0].article_id // empty')
            [[ -n "$id" ]] || problem="${problem:+$problem; }ask gave no article id"
        else
            id="-"
            problem="${problem:+$problem; }ask exited $?"
        fi
        local strays
        strays=$(find "$home/corpora" "$home/index" -maxdepth 1 \( -name '*.tmp*' -o -name 'tmp-*' \) 2>/dev/null | wc -l)
        [[ "$outcome" == killed ]] || finished=$((finished + 1))
        printf '  %2d at %6.2f s (%3.0f%%): %s; library %s; ask -> %s; strays %s%s\n' \
            "$i" "$at" "$(echo "100 * ($i - 0.5) / $points" | bc -l)" "$outcome" "$state" "$id" "$strays" \
            "${problem:+; FAIL: $problem}"
        [[ -z "$problem" ]] || failures=$((failures + 1))
    done
    echo "$name: $points points: previous library $olds, new library $news, finished before the kill $finished"
}

kill_at import "$before_import" "$lib_first" "$lib_second" import medquad "$second"
kill_at "index --force" "$after_import" "$lib_second" "$lib_second" index --force
kill_at remove "$after_import" "$lib_second" "$lib_none" remove medquad
echo "kill-test: $failures failure(s)"
[[ "$failures" == 0 ]]
