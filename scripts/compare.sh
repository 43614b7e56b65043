#!/usr/bin/env bash
# Side by side: the same MedQuAD questions answered by `curbside search --batch`, by
# `rg -i` over the MedQuAD XML, and by bm25s (BM25 in Python, from PyPI), with total and
# per-query times and their ratios to curbside. See BENCHMARKS.md.
#
# A benchmark run by hand, never by CI or the tests. It may install ripgrep with apt-get
# (when missing) and puts bm25s in a virtualenv under the cache directory.
#
#   scripts/compare.sh                  # 200 questions from ../shared/medquad
#   N=500 MEDQUAD=/path/to/medquad scripts/compare.sh
#
# What each tool is asked:
#   curbside  the question as typed; top 10 articles ranked (stemming, fields, phrases,
#             typo tolerance, question type), one process for all the queries.
#   rg        the question is not a pattern rg can use, so each query is the question's
#             longest word of four letters or more that is not a question word (its
#             condition or drug, as a rule); `rg -i -l -F WORD` lists the matching files,
#             one process per query, as a person at a shell would run it.
#   bm25s     the question, tokenised with English stopwords and the Snowball stemmer;
#             top 10 of the same articles curbside indexes (question, topic, synonyms,
#             summary and answer text), in one Python process: one query at a time,
#             then all at once.
set -euo pipefail
cd "$(dirname "$0")/.."

medquad=${MEDQUAD:-../shared/medquad}
n=${N:-200}
curbside=${CURBSIDE:-target/release/curbside}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/curbside-compare

if [[ ! -d $medquad ]]; then
  echo "compare.sh: $medquad is absent; nothing to compare (set MEDQUAD=PATH)" >&2
  exit 1
fi
if [[ ! -x $curbside ]]; then
  echo "compare.sh: building curbside (release)" >&2
  cargo build --release --quiet
fi
if ! command -v rg >/dev/null; then
  echo "compare.sh: installing ripgrep" >&2
  apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null
fi
curbside=$(realpath "$curbside")
medquad=$(realpath "$medquad")
venv=$cache/venv
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import bm25s, Stemmer' 2>/dev/null; then
  echo "compare.sh: installing bm25s in $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check bm25s PyStemmer
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The questions: every k-th question of the collection in file order, n of them.
find "$medquad" -name '*.xml' | sort | xargs grep -hoi '<question[^>]*>[^<]*</question>' |
  sed -e 's/<[^>]*>//g' -e 's/[[:space:]]\+/ /g' >"$work/all.txt"
total=$(wc -l <"$work/all.txt")
step=$((total / n > 0 ? total / n : 1))
awk -v s="$step" 'NR % s == 0' "$work/all.txt" | head -n "$n" >"$work/questions.txt"
n=$(wc -l <"$work/questions.txt")
awk '{
  best = ""; line = tolower($0); gsub(/[^a-z]+/, " ", line); split(line, words, " ")
  for (i in words) { w = words[i]
    if (w ~ /^(what|which|when|where|whom|whose|does|have|there|their|these|those|about|information|treatments|symptoms)$/) continue
    if (length(w) >= 4 && (length(w) > length(best) || (length(w) == length(best) && w < best))) best = w }
  print (best == "" ? "disease" : best) }' "$work/questions.txt" >"$work/words.txt"

ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }

# curbside: MedQuAD imported into a scratch home (not timed), then one process for all
# the queries; a run with no queries gives the start-up cost to take off.
home=$work/home
mkdir -p "$home"
(cd "$home" && "$curbside" --home "$home" import medquad "$medquad" >/dev/null)
run_curbside() { (cd "$home" && "$curbside" --home "$home" search --batch -n 10 <"$1" >"$2"); }
run_curbside "$work/questions.txt" /dev/null # warm the page cache
t0=$EPOCHREALTIME; run_curbside /dev/null /dev/null; t1=$EPOCHREALTIME
curbside_start=$(ms "$t0" "$t1")
t0=$EPOCHREALTIME; run_curbside "$work/questions.txt" "$work/curbside.jsonl"; t1=$EPOCHREALTIME
curbside_total=$(ms "$t0" "$t1")

# rg: one process per query over the XML, as a person would run it.
rg -i -l -F -- "$(head -n1 "$work/words.txt")" "$medquad" >/dev/null || true # warm the page cache
matched=0
t0=$EPOCHREALTIME
while IFS= read -r word; do
  hits=$(rg -i -l -F -- "$word" "$medquad" | wc -l) || true
  matched=$((matched + hits))
done <"$work/words.txt"
t1=$EPOCHREALTIME
rg_total=$(ms "$t0" "$t1")

# bm25s: the same articles curbside indexes, from the import's JSON lines.
cat >"$work/bm25s_bench.py" <<'PY'
import json, sys, time
t_start = time.perf_counter()
import bm25s, Stemmer
corpus_file, questions_file = sys.argv[1], sys.argv[2]
texts = []
with open(corpus_file) as f:
    for line in f:
        a = json.loads(line)
        parts = [a["question"], a["topic"], " ".join(a.get("aliases", [])), a["summaries"]["clinician"]]
        for s in a.get("sections", []):
            parts += [b["text"] for b in s.get("blocks", [])]
        texts.append(" ".join(parts))
questions = [q.rstrip("\n") for q in open(questions_file)]
stemmer = Stemmer.Stemmer("english")
t0 = time.perf_counter()
retriever = bm25s.BM25()
retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
t1 = time.perf_counter()
for q in questions:
    tokens = bm25s.tokenize([q], stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False)
    if tokens[0]:
        retriever.retrieve(tokens, k=10, show_progress=False)
t2 = time.perf_counter()
tokens = bm25s.tokenize(questions, stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False)
tokens = [t if t else ["disease"] for t in tokens]
retriever.retrieve(tokens, k=10, show_progress=False, n_threads=1)
t3 = time.perf_counter()
print(json.dumps({"docs": len(texts), "startup_ms": (t0 - t_start) * 1e3, "index_ms": (t1 - t0) * 1e3,
                  "one_at_a_time_ms": (t2 - t1) * 1e3, "batch_ms": (t3 - t2) * 1e3}))
PY
corpus_file=$(ls "$home"/corpora/*.jsonl | head -n1)
t0=$EPOCHREALTIME
bm25s_json=$("$venv/bin/python" "$work/bm25s_bench.py" "$corpus_file" "$work/questions.txt")
t1=$EPOCHREALTIME
bm25s_wall=$(ms "$t0" "$t1")
field() { "$venv/bin/python" -c 'import json,sys; print("%.1f" % json.loads(sys.argv[1])[sys.argv[2]])' "$bm25s_json" "$1"; }
bm25s_index=$(field index_ms)
bm25s_one=$(field one_at_a_time_ms)
bm25s_batch=$(field batch_ms)
bm25s_start=$(field startup_ms)

per() { awk -v t="$1" -v n="$n" 'BEGIN { printf "%.3f", t / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }
curbside_queries=$(awk -v a="$curbside_total" -v b="$curbside_start" 'BEGIN { printf "%.1f", a - b }')
base=$(per "$curbside_queries")

echo "compare.sh: $n MedQuAD questions, $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "  load average (1, 5, 15 min) at the start: $load_before; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-46s %10s %12s %10s\n' "tool" "total ms" "ms / query" "vs curbside"
printf '%-46s %10s %12s %10s\n' "curbside search --batch (queries only)" "$curbside_queries" "$base" "1.0x"
printf '%-46s %10s %12s %10s\n' "curbside search --batch (with process start)" "$curbside_total" "$(per "$curbside_total")" "$(ratio "$(per "$curbside_total")" "$base")"
printf '%-46s %10s %12s %10s\n' "rg -i -l -F WORD, a process per query" "$rg_total" "$(per "$rg_total")" "$(ratio "$(per "$rg_total")" "$base")"
printf '%-46s %10s %12s %10s\n' "bm25s, one query at a time (in process)" "$bm25s_one" "$(per "$bm25s_one")" "$(ratio "$(per "$bm25s_one")" "$base")"
printf '%-46s %10s %12s %10s\n' "bm25s, all queries in one call (in process)" "$bm25s_batch" "$(per "$bm25s_batch")" "$(ratio "$(per "$bm25s_batch")" "$base")"
echo "  curbside process start and index open: ${curbside_start} ms"
echo "  rg listed $matched files in all ($(awk -v m="$matched" -v n="$n" 'BEGIN { printf "%.0f", m / n }') per query) over $(find "$medquad" -name '*.xml' | wc -l) XML files"
echo "  bm25s: Python start and imports ${bm25s_start} ms, indexing $(field docs | cut -d. -f1) articles ${bm25s_index} ms, whole script ${bm25s_wall} ms"
