#!/usr/bin/env python3
"""Re-decides recorded plan searches under two paired errors, to see which choices a change of error would move.

For each run folder of the automatic plan given (the `default` folders that `bench quality --out DIR` leaves), it
reads the held-out answers of every candidate (`plan-answers.csv`), the candidates (`plan.json`), the class counts
(`dataset-report.json`) and the statistics shift at the input (the augmentation notice in `events.jsonl`), and applies
the selection rule (`SelectionRule`, with the order of `Preference`) to the three decisions the search makes on
answers: the screening's leader, whether the screening settles the choice against the probe, and the final choice.
It does so once with the error of the observed difference (Wald) and once with McNemar's, and prints where they part.

    /usr/bin/python3 bench/replay_selection.py 'runs-*/*/default'
"""
import collections
import csv
import glob
import json
import math
import os
import re
import sys

MIN_EVIDENCE = 20
ERRORS = 2
FOREIGN_AT_INPUT = 0.1
MOST_ADAPTED_FROM = 17
MANY_CLASSES = 20
MOST_ADAPTED_FROM_IMAGES = 50
SAFEST_FIRST = ['bitfit', 'probe', 'partial', 'gradual', 'full']
MOST_ADAPTED_FIRST = ['full', 'gradual', 'partial', 'bitfit', 'probe']


def family(schedule):
    if schedule == 'feature-extraction':
        return 'probe'
    for name in ('bitfit', 'partial', 'gradual', 'full'):
        if schedule.startswith(name):
            return name
    return schedule


def paired_error(a, b, kind):
    n = only_a = only_b = 0
    for image, right in a.items():
        if image in b:
            n += 1
            only_a += right and not b[image]
            only_b += b[image] and not right
    if n < MIN_EVIDENCE:
        return math.inf
    if kind == 'wald':
        d = (only_a - only_b) / n
        return math.sqrt(max(0.0, (only_a + only_b) / n - d * d) / n)
    return math.sqrt(only_a + only_b) / n


def accuracy(answers):
    return sum(answers.values()) / len(answers) if answers else float('nan')


def decide(rows, order, kind):
    """rows: (name, family, answers); the first plan in the order within ERRORS errors of the best."""
    best = max(rows, key=lambda r: (accuracy(r[2]), -order.index(r[1])))
    for fam in order:
        for row in rows:
            if row[1] == fam:
                error = 0 if row is best else paired_error(best[2], row[2], kind)
                if accuracy(best[2]) - accuracy(row[2]) <= ERRORS * error + 1e-12:
                    return row[0]
    return best[0]


def replay(folder):
    plan = json.load(open(os.path.join(folder, 'plan.json')))
    events = open(os.path.join(folder, 'events.jsonl')).read()
    shift = re.search(r'statistics shift (-?[0-9.]+)', events)
    shift = float(shift.group(1)) if shift else float('nan')
    report = json.load(open(os.path.join(folder, 'dataset-report.json')))
    counts = [c['train'] + c['val'] for c in report['classes']]
    adapted = (not math.isnan(shift) and shift >= FOREIGN_AT_INPUT) or min(counts) >= MOST_ADAPTED_FROM \
        or len(counts) >= MANY_CLASSES or sum(counts) >= MOST_ADAPTED_FROM_IMAGES
    order = MOST_ADAPTED_FIRST if adapted else SAFEST_FIRST
    families = {c['name']: family(c['recipe']['schedule']) for c in plan['candidates']}
    answers = collections.defaultdict(lambda: collections.defaultdict(dict))
    for row in csv.DictReader(open(os.path.join(folder, 'plan-answers.csv'))):
        answers[row['candidate']][row['stage']][(int(row['fold']), row['image'])] = row['actual'] == row['predicted']
    scored = [c for c in plan['candidates'] if c['outcome'] == 'SCORED']
    common = min(c['foldsScored'] for c in scored)
    finals = []
    for c in scored:
        stages = answers[c['name']]
        given = stages.get('fold') or stages.get('screening') or {}
        finals.append((c['name'], families[c['name']], {k: v for k, v in given.items() if k[0] <= common}))
    screened = [(n, families[n], s['screening']) for n, s in answers.items() if 'screening' in s]
    probe = {k: v for k, v in answers['linear-probe']['fold'].items() if k[0] == 1}
    result = {}
    for kind in ('wald', 'mcnemar'):
        decided = {'final': decide(finals, order, kind)}
        if len(screened) > 1:
            leader = decide(screened, order, kind)
            lead = next(r for r in screened if r[0] == leader)
            settled = decide([lead, ('linear-probe', 'probe', probe)], order, kind) == leader
            decided['screening'] = leader + (' (settled)' if settled else ' (more folds)')
        result[kind] = decided
    return plan['chosen'], 'most adapted first' if adapted else 'safest first', result


def main(patterns):
    folders = sorted({os.path.dirname(p) for pattern in patterns
                      for p in glob.glob(os.path.join(pattern, 'plan-answers.csv'))})
    parted = 0
    for folder in folders:
        chosen, order, result = replay(folder)
        differs = [f"{step}: {result['wald'][step]} -> {result['mcnemar'][step]}"
                   for step in result['wald'] if result['wald'][step] != result['mcnemar'][step]]
        parted += bool(differs)
        print(f"{folder}: recorded {chosen}, {order}; Wald {result['wald']}; "
              + ('; '.join(differs) if differs else 'the same under McNemar'))
    print(f"{len(folders)} searches; the errors part on {parted}")


if __name__ == '__main__':
    main(sys.argv[1:] or ['*/*/default'])
