"""Language detection: accuracy and speed of the candidate detectors on the development sets.

"adapter" is :func:`analysis.language.detect_language` (py3langid limited to ISO 639-1 languages, on
the first 1,000 characters). Russian: factru_dev.jsonl; English: polnear_dev, geovirus, lgl and the seeds.
Each text is judged whole and by its first 200 characters (a title or a short article). Run:
``python -m bench.language_eval``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

DEVSETS = Path(__file__).resolve().parents[1] / ".." / "shared" / "devsets"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _texts() -> list[tuple[str, str]]:
    shared = Path("/work/shared/devsets") if Path("/work/shared/devsets").exists() else DEVSETS
    out = []
    for name, language in (("factru_dev", "ru"), ("polnear_dev", "en"), ("geovirus", "en"), ("lgl", "en")):
        with open(shared / f"{name}.jsonl", encoding="utf-8") as lines:
            out += [(json.loads(line)["text"], language) for line in lines]
    out += [(p.read_text(encoding="utf-8"), "en") for p in sorted(SEEDS.glob("*.txt"))]
    return out


def _detectors() -> dict[str, Callable[[str], str]]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from analysis.language import detect_language

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    detectors: dict[str, Callable[[str], str]] = {
        "py3langid": lambda text: identifier.classify(text)[0],
        "adapter": lambda text: detect_language.__wrapped__(text),
    }
    try:  # measured against, not a dependency: pip install lingua-language-detector==2.1.1
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return detectors
    detector = LanguageDetectorBuilder.from_all_languages().build()

    def lingua(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if isinstance(found, Language) else "und"

    return {**detectors, "lingua": lingua}


def main() -> None:
    texts = _texts()
    n_chars = sum(len(t) for t, _ in texts)
    print(f"{len(texts)} texts ({sum(lang == 'ru' for _, lang in texts)} Russian), {n_chars:,} characters")
    for name, detect in _detectors().items():
        detect("warm up")
        for scope, cut in (("whole", None), ("200 chars", 200)):
            start = time.perf_counter()
            wrong = [(text[:80], lang) for text, lang in texts if detect(text[:cut]) != lang]
            seconds = time.perf_counter() - start
            accuracy = 1 - len(wrong) / len(texts)
            print(f"{name:10} {scope:10} accuracy {accuracy:.4f} ({len(wrong)} wrong) {seconds:.2f} s")
            for text, lang in wrong[:3]:
                print(f"    expected {lang}: {text!r}")


if __name__ == "__main__":
    main()
