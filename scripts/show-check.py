#!/usr/bin/env python3
"""How imported MedQuAD answers read in `curbside show`: over every 50th answered pair,
whether the printed answer names its source URL and is free of an uncited reference, a
template title ("What is (are) X ?"), "? ?", page furniture and a run of ten words said
twice. Issue 13's measure; run by hand, never by CI or the tests.

    scripts/show-check.py HOME [MEDQUAD] [CURBSIDE]

HOME must hold an import of MEDQUAD (`curbside --home HOME import medquad MEDQUAD`).
MEDQUAD defaults to ../shared/medquad, CURBSIDE to target/release/curbside. Prints one
line per failing answer (with what failed) and the totals; `-v` prints passing ones too.
"""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

STEP = 50
FURNITURE = re.compile(
    r"watch the video|click the brackets|press the escape|click here|"
    r"page last (reviewed|updated)|content source:|return to top|back to top",
    re.I,
)
TEMPLATE = re.compile(r"\(are\)|\s\?$|\?\s*\?")


def slug(s):
    return "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in s)


def answered_pairs(root):
    """(article id, url) of every answered pair, in the order the importer reads them."""
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.join(d, n) for n in names if n.lower().endswith(".xml")]
    out = []
    for path in sorted(files):
        try:
            doc = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        if doc.tag not in ("Document", "doc", "DiseaseFile"):
            continue
        doc_id = doc.get("id") or doc.get("docid") or doc.get("fid") or ""
        source = doc.get("source") or doc.get("corpus") or ""
        url = (doc.get("url") or "").strip()
        for pair in doc.iter():
            if pair.tag not in ("QAPair", "pair"):
                continue
            answer = pair.find("Answer")
            if answer is None:
                answer = pair.find("answer")
            text = "".join(answer.itertext()).strip() if answer is not None else ""
            if text:
                out.append((f"medquad-{slug(source)}-{slug(doc_id)}-{slug(pair.get('pid') or '')}", url))
    return out


def problems(text, url):
    lines = text.splitlines()
    found = []
    if url and url not in text:
        found.append("no URL")
    title = lines[0] if lines else ""
    if TEMPLATE.search(title):
        found.append("template title")
    if re.search(r"\?\s+\?", text):
        found.append("? ?")
    try:
        refs_at = lines.index("REFERENCES")
    except ValueError:
        refs_at = len(lines)
    body = "\n".join(lines[:refs_at])
    if FURNITURE.search(body):
        found.append("furniture")
    refs_end = refs_at + 1
    while refs_end < len(lines) and lines[refs_end].strip():
        refs_end += 1
    for line in lines[refs_at + 1 : refs_end]:
        m = re.match(r"\[(\d+)\]", line)
        if m and f"[{m.group(1)}]" not in body:
            found.append(f"uncited [{m.group(1)}]")
    words = re.findall(r"[a-z0-9']+", re.sub(r"\[\d+\]", " ", body.lower()))
    seen = set()
    for i in range(len(words) - 9):
        run = " ".join(words[i : i + 10])
        if run in seen:
            found.append(f"repeat: {run}")
            break
        seen.add(run)
    return found


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv
    if not args:
        print(__doc__)
        sys.exit(2)
    home = args[0]
    medquad = args[1] if len(args) > 1 else "../shared/medquad"
    curbside = args[2] if len(args) > 2 else "target/release/curbside"
    sample = answered_pairs(medquad)[::STEP]
    counts = {}
    clean = 0
    for article_id, url in sample:
        run = subprocess.run(
            [curbside, "--home", home, "show", article_id],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "100"},
        )
        found = problems(run.stdout, url) if run.returncode == 0 else ["show failed"]
        for f in found:
            key = f.split(":")[0] if not f.startswith("uncited") else "uncited reference"
            counts[key] = counts.get(key, 0) + 1
        if found:
            print(f"{article_id}: {'; '.join(found)}")
        else:
            clean += 1
            if verbose:
                print(f"{article_id}: ok")
    print(f"\n{len(sample)} answers (every {STEP}th answered pair); clean: {clean} ({100 * clean / max(len(sample), 1):.1f}%)")
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {key}: {n}")


if __name__ == "__main__":
    main()
