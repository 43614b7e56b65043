#!/usr/bin/env python3
# A fixed-seed sample of 100 related links from an import (HOME/corpora/medquad-*.jsonl),
# each with the name that made it and its context, to judge by hand (issue 13; EVALUATION.md).
# Run by hand, never by CI:  scripts/related-links-sample.py HOME/corpora/medquad-*.jsonl [SEED]
# Sample 100 related links (seeded) from an import and show the phrase that made each, in context.
import json,sys,random,re
path=sys.argv[1]; seed=int(sys.argv[2]) if len(sys.argv)>2 else 13
arts={}
for line in open(path):
    a=json.loads(line); arts[a['id']]=a
links=[(a['id'],r) for a in arts.values() for r in a.get('related',[])]
print(len(links),'links over',sum(1 for a in arts.values() if a.get('related')),'articles', file=sys.stderr)
random.seed(seed)
for src,dst in random.sample(links,100):
    a=arts[src]; b=arts.get(dst)
    text=' '.join(bl['text'] for s in a.get('sections',[]) for bl in s['blocks'])
    names=[b['topic']]+b.get('aliases',[])
    best=None
    for n in sorted(names,key=len,reverse=True):
        if len(n)<5: continue
        m=re.search(r'(?<![A-Za-z0-9])'+re.escape(n)+r'(?![A-Za-z0-9])',text,re.I)
        if m: best=(n,m); break
    if best:
        n,m=best; ctx=text[max(0,m.start()-60):m.end()+40].replace('\n',' ')
    else: n,ctx='?',''
    print(f"{src} -> {b['topic']} [{n}] :: {ctx}")
