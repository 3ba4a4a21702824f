import json

from analysis.language import UNDETERMINED, detect_language, document_language, given_language
from analysis.loading import load_corpus, make_document
from analysis.per_document import document_key, text_key
from analysis.types import Document

RUSSIAN = (
    "Премьер-министр Армении Никол Пашинян заявил журналистам, что переговоры в Москве продолжатся на следующей неделе."
)
ENGLISH = "Armenian Prime Minister Nikol Pashinyan told reporters that the talks in Moscow would resume next week."


def test_detects_russian_and_english_news():
    assert detect_language(RUSSIAN) == "ru"
    assert detect_language(ENGLISH) == "en"


def test_text_without_letters_is_undetermined():
    assert detect_language("2023-09-20 11:16 — 42%") == UNDETERMINED


def test_user_values_name_the_language_in_common_spellings():
    assert {given_language(v) for v in ("ru", "RU", "ru-RU", "ru_RU", "Russian", "русский")} == {"ru"}
    assert given_language("Klingon") is None


def test_a_given_language_wins_over_the_text():
    document = make_document(ENGLISH, doc_id="d", source="s", given={"language": "ru"})
    assert document.language == "ru"
    assert any(p.field == "language" and p.method == "manifest" for p in document.provenance)


def test_an_unreadable_language_value_is_listed_and_the_text_decides():
    document = make_document(RUSSIAN, doc_id="d", source="s", given={"language": "Klingon"})
    assert document.language == "ru"
    assert [p.method for p in document.provenance if p.field == "language"] == ["not read: not a language"]


def test_a_document_made_without_a_language_gets_its_text_language():
    assert document_language(Document(doc_id="d", text=RUSSIAN, source="s")) == "ru"


def test_a_row_language_column_is_read_under_its_common_names(tmp_path):
    rows = [{"id": "a", "text": ENGLISH, "lang": "ru-RU"}, {"id": "b", "text": ENGLISH, "language": "English"}]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    assert {d.doc_id: d.language for d in load_corpus(path).documents} == {"a": "ru", "b": "en"}


def test_results_are_keyed_apart_only_when_a_user_overrides_the_text_language():
    as_detected = Document(doc_id="d", text=RUSSIAN, source="s", language="ru")
    overridden = Document(doc_id="d", text=RUSSIAN, source="s", language="en")
    assert document_key(as_detected) == text_key(RUSSIAN)
    assert document_key(overridden) != text_key(RUSSIAN)
