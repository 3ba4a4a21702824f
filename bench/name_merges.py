"""Which people's names the entity stage would merge as spelling variants, for a person to judge.

    python -m bench.name_merges ../shared/devsets/polnear_train.jsonl

Runs the project's spaCy pipeline over the ``text`` of each JSONL line, gathers the full names
(two words or more) it tags PERSON, and prints every pair that :func:`analysis.entities.same_person`
merges although the surnames are written differently ("Samvel Shahramanyan" and "Samuel Shamranyan"),
with how often each was found. Pairs that differ only in case or punctuation are left out. Whether a
pair is one person is for the reader: the annotated sets carry no cross-document identities.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from analysis import Settings
from analysis.entities import normalise, same_person
from analysis.models import load_gazetteer, load_nlp


def surname(name: str) -> str:
    return re.sub(r"\W", "", name.split()[-1]).lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="JSONL with a text field per line")
    args = parser.parse_args()
    settings = Settings()
    nlp = load_nlp(settings, gazetteer=load_gazetteer(settings))
    texts = (json.loads(line)["text"] for line in args.corpus.open(encoding="utf-8") if line.strip())
    names: Counter[str] = Counter()
    for doc in nlp.pipe(texts, batch_size=32):
        names.update(n for e in doc.ents if e.label_ == "PERSON" and len((n := normalise(e.text)).split()) > 1)
    # Only names of one length and one first name can merge: compare within those blocks.
    blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
    for name in names:
        blocks[(len(name.split()), name.split()[0][:1].lower())].append(name)
    pairs = sorted(
        (a, b)
        for block in blocks.values()
        for a, b in itertools.combinations(sorted(block), 2)
        if surname(a) != surname(b) and same_person(a, b)
    )
    print(f"{len(names)} full names tagged PERSON; {len(pairs)} pairs merged with surnames written differently")
    for a, b in pairs:
        print(f"  {a} ({names[a]})  ~  {b} ({names[b]})")


if __name__ == "__main__":
    main()
