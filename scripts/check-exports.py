#!/usr/bin/env python3
"""Whether reference managers read curbside's exports: every citation of an import of
../shared/pubmed through `curbside show ID --bibtex` and `--ris`, parsed with Python's
bibtexparser and rispy (what a reference manager's importer does), checking that the
title, year, PMID and DOI survive. Issue 17's check; run by hand, never by CI or tests.

    pip install bibtexparser rispy
    scripts/check-exports.py HOME [CURBSIDE]

HOME must hold an import of the citations (`curbside --home HOME import pubmed
../shared/pubmed`). CURBSIDE defaults to target/release/curbside. Prints each citation
whose export does not read back and the totals.
"""

import json
import os
import subprocess
import sys

import bibtexparser
import rispy


def run(curbside, home, *args):
    out = subprocess.run([curbside, "--home", home, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


def citations(home):
    """Every citation's id, from the installed PubMed corpus file the manifest names."""
    corpora = os.path.join(home, "corpora")
    with open(os.path.join(corpora, "manifest.json")) as f:
        manifest = json.load(f)
    installed = manifest["corpora"] if isinstance(manifest, dict) else manifest
    ids = []
    for corpus in installed:
        if corpus["name"] != "pubmed":
            continue
        with open(os.path.join(corpora, corpus["file"])) as f:
            ids += [json.loads(line)["id"] for line in f if line.strip()]
    return ids


def norm(text):
    """Text compared loosely: BibTeX's braces and escapes of special characters (\\%,
    \\&, \\#, \\_, \\$) read as the characters, spaces collapsed, lower case."""
    text = (text or "").replace("{", "").replace("}", "")
    for c in "%&#_$":
        text = text.replace("\\" + c, c)
    return " ".join(text.split()).lower()


def check(curbside, home, article_id):
    record = json.loads(run(curbside, home, "show", article_id, "--json"))
    reference = record["references"][0]
    problems = []
    library = bibtexparser.parse_string(run(curbside, home, "show", article_id, "--bibtex"))
    if library.failed_blocks or len(library.entries) != 1:
        problems.append(f"bibtex: {len(library.entries)} entries, {len(library.failed_blocks)} failed blocks")
    else:
        entry = library.entries[0]
        fields = {f.key.lower(): f.value for f in entry.fields}
        if norm(fields.get("title")) != norm(reference["title"]):
            problems.append(f"bibtex title {fields.get('title')!r}")
        if reference.get("year") and fields.get("year") != str(reference["year"]):
            problems.append(f"bibtex year {fields.get('year')!r}")
        if reference.get("pmid") and fields.get("pmid") != reference["pmid"]:
            problems.append(f"bibtex pmid {fields.get('pmid')!r}")
        if reference.get("doi") and norm(fields.get("doi")) != norm(reference["doi"]):
            problems.append(f"bibtex doi {fields.get('doi')!r}")
    entries = rispy.loads(run(curbside, home, "show", article_id, "--ris"))
    if len(entries) != 1:
        problems.append(f"ris: {len(entries)} entries")
    else:
        entry = entries[0]
        title = entry.get("title") or entry.get("primary_title")
        if norm(title) != norm(reference["title"]):
            problems.append(f"ris title {title!r}")
        year = entry.get("year") or entry.get("publication_year") or ""
        if reference.get("year") and not str(year).startswith(str(reference["year"])):
            problems.append(f"ris year {year!r}")
        if reference.get("doi") and norm(entry.get("doi")) != norm(reference["doi"]):
            problems.append(f"ris doi {entry.get('doi')!r}")
        if reference.get("pmid") and entry.get("accession_number") != reference["pmid"]:
            problems.append(f"ris pmid {entry.get('accession_number')!r}")
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    home = sys.argv[1]
    curbside = sys.argv[2] if len(sys.argv) > 2 else "target/release/curbside"
    ids = citations(home)
    failed = 0
    for article_id in ids:
        problems = check(curbside, home, article_id)
        if problems:
            failed += 1
            print(f"{article_id}: {'; '.join(problems)}")
    print(f"\n{len(ids)} citations; {len(ids) - failed} read back whole by bibtexparser and rispy, {failed} not")


if __name__ == "__main__":
    main()
