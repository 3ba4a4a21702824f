"""Generate a large, varied corpus from the seeds, for benchmarks (10k, 100k, 1M articles).

Articles are made of seed sentences, shuffled across all seeds, with the seeds'
people replaced by names drawn from a large pool (tens of thousands of first
name and surname pairs, some in a second transliteration) and their towns
replaced by towns drawn from the gazetteer (the region's and other countries'),
spread over eight outlets and two years of dates, with lengths varying around
``--words``. No two articles are alike, so per-document caches and entity
merging see realistic variety. Articles are written one at a time to a
temporary file renamed at the end: a million of them need no more memory than one.

    python -m bench.make_corpus --articles 10000 --per-file 2000 --out build/bench/corpus-10k
    python -m bench.make_corpus --articles 1000000 --per-file 2000 --out build/bench/corpus-1m
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

from analysis import Settings, load_corpus
from analysis.geo.gazetteer import Gazetteer
from analysis.models import load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
OUTLETS = ("JAMnews", "Sputnik", "OBC Transeuropa", "Eurasianet", "OC Media", "TASS", "Trend", "Armenpress")
FIRST = (
    "Anna", "Arman", "Elnur", "Gohar", "Ilkin", "Lusine", "Nigar", "Ruben", "Sevinj", "Tigran", "Vugar", "Zara",
    "Aram", "Ani", "Davit", "Eteri", "Farid", "Giorgi", "Hayk", "Irakli", "Jeyhun", "Karen", "Leyla", "Mariam",
    "Narek", "Nino", "Orkhan", "Rashad", "Sona", "Tamar", "Vahe", "Yusif", "Zaur", "Ashot", "Elmira", "Gunel",
    "Levan", "Mher", "Natavan", "Rovshan", "Sergey", "Olga", "Dmitry", "Maria", "John", "Sarah", "Pierre", "Elena",
    "Haji", "Samvel", "Arayik", "Ramin", "Nikol", "Hakob", "Emil", "Kamran", "Lilit", "Shahin", "Tural", "Vardan",
)  # fmt: skip
STEMS = (
    "Aliy", "Babay", "Huseyn", "Karapet", "Mammad", "Petros", "Quliy", "Sargs", "Hasan", "Avanes", "Badal", "Gaspary",
    "Hajiy", "Ismayil", "Jafar", "Khachatur", "Mirzoy", "Nazar", "Orujov", "Poghos", "Rustam", "Simon", "Tevos",
    "Vardany", "Zakary", "Abbas", "Bagir", "Davtyan", "Gadir", "Grigor", "Harutyun", "Kerim", "Melikov", "Mkrtch",
    "Namaz", "Pashin", "Rahim", "Safar", "Shahramany", "Tahir", "Vekil", "Yusub", "Zeynal", "Beridz", "Gelashv",
    "Kapan", "Lomidz", "Maisur", "Nadir", "Osman", "Panah", "Sadig", "Talib", "Usub", "Veli", "Gurban", "Hovhannis",
    "Arakel", "Barsegh", "Danielyan", "Galstyan", "Hakobjan", "Martiros", "Nersis", "Ohanjan", "Stepany", "Torosy",
)  # fmt: skip
SUFFIXES = ("an", "ov", "ova", "ev", "eva", "li", "zade", "shvili", "dze", "yan", "ian")
# Second spellings of first names, as different outlets transliterate them.
VARIANTS = {
    "Haji": "Hagi",
    "Samvel": "Samuel",
    "Sergey": "Sergei",
    "Dmitry": "Dmitri",
    "Yusif": "Yusuf",
    "Jeyhun": "Ceyhun",
}
VARIANT_SHARE = 0.05
REGION = ("AZ", "AM", "GE")
ELSEWHERE = ("RU", "TR", "IR", "UA", "KZ", "FR", "DE", "IT", "GB", "US")
SEED_PEOPLE = (
    "Ahmad Alili", "Andrey Volkov", "Arayik Harutyunyan", "Erkin Gadirli", "Gurgen Simonyan", "Hagi Namazov",
    "Haji Namazov", "Hakob Badalyan", "Hikmet Hajiyev", "Ilham Aliyev", "Lusine Avanesyan", "Ned Price",
    "Nikol Pashinyan", "Ramin Mammadov", "Samuel Shamranyan", "Samvel Shahramanyan", "Stanislav Tarasov", "Toivo Klaar",
)  # fmt: skip
SEED_TOWNS = ("Aghdam", "Lachin", "Gyumri", "Ganja", "Bard", "Khojalu", "Khankendi", "Stepanakert", "Chisinau")
_SENTENCE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“\"])")
_SLOT = re.compile(
    rf"\b(?:(?P<person>{'|'.join(SEED_PEOPLE)})|(?P<town>{'|'.join(SEED_TOWNS)}))\b(?! [Cc]orridor| road)"
)


@dataclass(frozen=True, slots=True)
class Template:
    """A seed sentence cut at its people and towns: parts[0] slot[0] parts[1] slot[1] ... parts[-1]."""

    parts: tuple[str, ...]
    slots: tuple[str, ...]
    words: int


def templates() -> list[Template]:
    """Every seed sentence of six words or more, cut at the names that get substituted."""
    found = []
    for document in load_corpus(ROOT / "seeds").documents:
        for paragraph in document.text.split("\n"):
            for sentence in _SENTENCE.split(paragraph):
                sentence = sentence.strip()
                if len(sentence.split()) < 6:
                    continue
                parts, slots, at = [], [], 0
                for match in _SLOT.finditer(sentence):
                    parts.append(sentence[at : match.start()])
                    slots.append("person" if match["person"] else "town")
                    at = match.end()
                parts.append(sentence[at:])
                found.append(Template(parts=tuple(parts), slots=tuple(slots), words=len(sentence.split())))
    return found


def towns(gazetteer: Gazetteer) -> tuple[list[str], list[str]]:
    """Town names from the gazetteer: the region's, and other countries' (Latin script, one to three words)."""
    region = {name for name, label in gazetteer.ruler_names(REGION) if label == "GPE"}
    wider = {name for name, label in gazetteer.ruler_names(REGION + ELSEWHERE) if label == "GPE"}

    def usable(name: str) -> bool:
        return name.replace(" ", "").replace("-", "").isalpha() and name.isascii() and len(name.split()) <= 3

    return sorted(filter(usable, region)), sorted(filter(usable, wider - region))


class Writer:
    """Articles from templates, with people and towns drawn at random."""

    def __init__(self, rng: random.Random, *, words: int, gazetteer: Gazetteer) -> None:
        self.rng = rng
        self.words = words
        self.templates = templates()
        self.region, self.wider = towns(gazetteer)
        self.surnames = [stem + suffix for stem, suffix in itertools.product(STEMS, SUFFIXES)]

    def person(self) -> str:
        first = self.rng.choice(FIRST)
        if first in VARIANTS and self.rng.random() < VARIANT_SHARE:
            first = VARIANTS[first]
        return f"{first} {self.rng.choice(self.surnames)}"

    def town(self) -> str:
        return self.rng.choice(self.region if self.rng.random() < 0.6 else self.wider)

    def sentence(self) -> tuple[str, int]:
        template = self.rng.choice(self.templates)
        pieces = [template.parts[0]]
        for slot, part in zip(template.slots, template.parts[1:]):
            pieces += [self.person() if slot == "person" else self.town(), part]
        return "".join(pieces), template.words

    def article(self, index: int) -> dict[str, object]:
        target = self.rng.randint(max(1, self.words // 2), max(1, self.words * 3 // 2))
        body: list[str] = []
        count = 0
        while count < target:
            sentence, words = self.sentence()
            body.append(sentence)
            count += words
        paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
        published = dt.date(2023, 1, 1) + dt.timedelta(days=self.rng.randrange(730))
        return {
            "id": f"gen-{index:07d}",
            "title": " ".join(body[0].split()[:9]),
            "outlet": self.rng.choice(OUTLETS),
            "published": published.isoformat(),
            "text": "\n\n".join(paragraphs),
        }


def write(path: Path, writer: Writer, indices: range) -> None:
    """Articles ``indices`` to ``path``, through a temporary file renamed when complete."""
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8") as handle:
        for index in indices:
            handle.write(json.dumps(writer.article(index), ensure_ascii=False) + "\n")
    os.replace(partial, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--words", type=int, default=700, help="mean words per article (each varies from half to 1.5 times)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--per-file",
        type=int,
        help="write a folder of JSONL files of this many articles each (keeps files under the 20 MB input limit)",
    )
    parser.add_argument("--out", type=Path, required=True, help="a .jsonl file, or a folder with --per-file")
    args = parser.parse_args()
    writer = Writer(random.Random(args.seed), words=args.words, gazetteer=load_gazetteer(Settings()))
    if args.per_file:
        args.out.mkdir(parents=True, exist_ok=True)
        for number, start in enumerate(range(0, args.articles, args.per_file)):
            write(
                args.out / f"part-{number:05d}.jsonl", writer, range(start, min(start + args.per_file, args.articles))
            )
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write(args.out, writer, range(args.articles))
    print(f"wrote {args.articles} articles of ~{args.words} words to {args.out}")


if __name__ == "__main__":
    main()
