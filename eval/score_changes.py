#!/usr/bin/env python3
"""Scores the record's changes of stance against gold files.

usage: score_changes.py [--min-supported F] [--min-found F] SHARED_DIR CHANGES_JSON GOLD_DIR...

With the floors, exits 1 when the share of reported changes the gold
supports, or of gold changes reported, is below them.

CHANGES_JSON is `attache positions --changes --format json` of a record of
the GOLD_DIRs' articles. A reported change is supported when the gold has
the holder's (`actor_name`) stance `from` in an article of its `before` date and `to` in one
of its `after` date; a gold change is two consecutive dated gold stances of
one holder on one issue that differ. Holders match as score.py matches them.
"""
import json, glob, sys, os
floors = {}
while len(sys.argv) > 2 and sys.argv[1].startswith('--min-'):
    floors[sys.argv[1][6:]] = float(sys.argv[2]); del sys.argv[1:3]
sys.path.insert(0, os.path.join(sys.argv[1], 'eval'))
from score import same_name
dirs=sys.argv[3:]; pred=json.load(open(sys.argv[2]))
arts=[]
for d in dirs:
    for f in glob.glob(d+'/*.json'):
        g=json.load(open(f)); arts.append((g.get('published') or os.path.basename(f)[:10], g))
arts.sort(key=lambda x:x[0])
# gold statements: (date, holder, issue, stance)
S=[(d,p['holder'],p['issue'],p['stance']) for d,g in arts for p in g['positions']]
gold=[]
for i,(d,h,iss,st) in enumerate(S):
    prev=[x for x in S[:i] if x[2]==iss and same_name(x[1],h) and x[0]<d]
    if prev and prev[-1][3]!=st: gold.append((h,iss,prev[-1][3],st,prev[-1][0],d))
print('gold changes:',len(gold))
for g in gold: print('  ', *g)
def supported(c):
    b=[x for x in S if x[2]==c['issue'] and same_name(x[1],c['actor_name']) and x[0]==c['before']]
    a=[x for x in S if x[2]==c['issue'] and same_name(x[1],c['actor_name']) and x[0]==c['after']]
    return any(x[3]==c['from'] for x in b) and any(x[3]==c['to'] for x in a)
ok=sum(supported(c) for c in pred)
found=sum(any(same_name(g[0],c['actor_name']) and g[1]==c['issue'] and g[3]==c['to'] for c in pred) for g in gold)
print(f'reported {len(pred)}, supported by gold {ok}; gold changes found {found}/{len(gold)}')
for c in pred: print('  ', 'OK ' if supported(c) else 'BAD', c['actor_name'],c['issue'],c['from'],c['before'],'->',c['to'],c['after'])
shares = {'supported': ok / len(pred) if pred else 1.0, 'found': found / len(gold) if gold else 1.0}
low = [f'{k} {shares[k]:.2f} < {v}' for k, v in floors.items() if shares[k] < v]
if low:
    print('BELOW FLOOR:', '; '.join(low)); sys.exit(1)
