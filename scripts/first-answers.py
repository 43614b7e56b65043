#!/usr/bin/env python3
"""The first answer `curbside ask` gives to every LiveQA training question, one line each,
so that a ranking change can be read on questions that are not the evaluation's: run it
with the binary before and after, then `diff` the two outputs. Issue 14's check against
fitting to the development half; run by hand, never by CI or the tests.

    scripts/first-answers.py HOME [CURBSIDE] [QUESTIONS.xml ...] > OUT

HOME must hold an import of MedQuAD (`curbside --home HOME import medquad
../shared/medquad`). CURBSIDE defaults to target/release/curbside, the questions to the two
files of ../shared/liveqa-train. A line is `N<TAB>article ID<TAB>its question`, or
`N<TAB>passages: ID<TAB>…` when the answer is made of passages, then the question's first
80 characters.
"""

import glob
import json
import subprocess
import sys
import xml.etree.ElementTree as ET


def questions(paths):
    """The subject line and message of every NLM-QUESTION, in file order."""
    out = []
    for path in paths:
        for q in ET.parse(path).getroot().iter("NLM-QUESTION"):
            subject = (q.findtext(".//SUBJECT") or "").strip()
            message = (q.findtext(".//MESSAGE") or "").strip()
            out.append(f"{subject}\n{message}" if subject else message)
    return out


def printable(text):
    """The text with control characters (escape sequences from the material) shown as
    escapes, never sent to the terminal as they are."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def first_answer(curbside, home, question):
    run = subprocess.run(
        [curbside, "--home", home, "ask", "--json", question],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        return "error", (run.stderr.strip().splitlines() or [""])[-1]
    answer = json.loads(run.stdout)
    if answer.get("mode") == "passages" and answer.get("passages"):
        first = answer["passages"][0]
        return f"passages: {first['article_id']}", first.get("question", "")
    article = answer.get("article") or {}
    return article.get("id", "none"), article.get("question", "")


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) > 1 else 2
    home = argv[1]
    curbside = argv[2] if len(argv) > 2 else "target/release/curbside"
    paths = argv[3:] or sorted(glob.glob("../shared/liveqa-train/*.xml"))
    if not paths:
        print("first-answers: no questions (../shared/liveqa-train is absent)", file=sys.stderr)
        return 2
    for n, question in enumerate(questions(paths), 1):
        found, title = first_answer(curbside, home, question)
        asked = " ".join(question.split())[:80]
        print("\t".join(printable(str(x)) for x in (n, found, title, asked)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
