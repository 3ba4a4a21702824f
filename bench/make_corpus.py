"""Generate a large, varied corpus from the seeds, for benchmarks.

Articles are made of seed sentences, shuffled across all seeds, with people and
places substituted from a pool (places drawn from the gazetteer's towns), spread
over several outlets and two years of dates, so no two articles are alike and
per-document caches are not unrealistically warm.

    python -m bench.make_corpus --articles 1000 --out build/bench/corpus-1k.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

from analysis import load_corpus

ROOT = Path(__file__).resolve().parent.parent
OUTLETS = ("JAMnews", "Sputnik", "OBC Transeuropa", "Eurasianet", "OC Media", "TASS", "Trend", "Armenpress")
FIRST = ("Anna", "Arman", "Elnur", "Gohar", "Ilkin", "Lusine", "Nigar", "Ruben", "Sevinj", "Tigran", "Vugar", "Zara")
LAST = ("Aliyeva", "Babayan", "Huseynov", "Karapetyan", "Mammadli", "Petrosyan", "Quliyev", "Sargsyan", "Hasanov")
TOWNS = ("Ganja", "Shusha", "Gyumri", "Vanadzor", "Goris", "Sisian", "Barda", "Tartar", "Kapan", "Batumi", "Kutaisi", "Sheki")
_SENTENCE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“\"])")
_PERSON = re.compile(r"\b(Haji|Hagi|Gurgen|Arayik|Ramin|Samvel|Nikol|Hakob|Toivo) [A-Z][a-z]+(?:yan|ov|ev|ar)\b")
_TOWN = re.compile(r"\b(Aghdam|Lachin|Gyumri|Ganja|Bard|Khojalu)\b")


def sentences() -> list[str]:
    corpus = load_corpus(ROOT / "seeds")
    found = []
    for document in corpus.documents:
        for paragraph in document.text.split("\n"):
            found += [s.strip() for s in _SENTENCE.split(paragraph) if len(s.split()) >= 6]
    return found


def article(rng: random.Random, pool: list[str], *, index: int, words: int) -> dict[str, object]:
    body: list[str] = []
    while sum(len(s.split()) for s in body) < words:
        sentence = rng.choice(pool)
        sentence = _PERSON.sub(lambda _: f"{rng.choice(FIRST)} {rng.choice(LAST)}", sentence)
        sentence = _TOWN.sub(lambda _: rng.choice(TOWNS), sentence)
        body.append(sentence)
    paragraphs = ["\n".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))
    return {
        "id": f"gen-{index:07d}",
        "title": " ".join(body[0].split()[:9]),
        "outlet": rng.choice(OUTLETS),
        "published": published.isoformat(),
        "text": "\n\n".join(paragraphs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=700, help="approximate words per article")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = sentences()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for index in range(args.articles):
            handle.write(json.dumps(article(rng, pool, index=index, words=args.words), ensure_ascii=False) + "\n")
    print(f"wrote {args.articles} articles of ~{args.words} words to {args.out}")


if __name__ == "__main__":
    main()
