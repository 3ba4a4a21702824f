"""Quotations and reported speech in Russian texts: marks, dialogue dashes, speech verbs, speakers."""

from __future__ import annotations

import pytest

from analysis.pipeline import analyze
from analysis.russian import speech_verb
from analysis.russian_quotes import russian_quote_spans
from analysis.types import Corpus, Document

TEXTS = {
    "after": "Премьер-министр Армении Никол Пашинян провёл встречу в Ереване. "
    "«Мы готовы подписать мирный договор в ближайшее время», — заявил Пашинян журналистам.",
    "before": "Президент Азербайджана Ильхам Алиев ответил: «Баку не будет ждать бесконечно, наша позиция неизменна».",
    "nested": "Министр иностранных дел Армении Арарат Мирзоян выступил в парламенте. "
    "«Это „историческая возможность“ для всего региона, и её нельзя упустить», — подчеркнул Мирзоян.",
    "dialogue": "Глава МИД России Сергей Лавров встретился с журналистами.\n"
    "— Мы готовы к переговорам, — сказал Лавров. — Начнём завтра утром в Брюсселе.",
    "according": "Президент Азербайджана Ильхам Алиев прибыл в Брюссель. "
    "По словам Алиева, переговоры с Ереваном идут сложно, но продвигаются.",
    "agency": "Как передаёт ТАСС, стороны договорились о новой встрече в Брюсселе в декабре.\n"
    "Как сообщает РИА Новости, встреча пройдёт при посредничестве Евросоюза.",
    "pronoun": "Официальный представитель МИД России Мария Захарова выступила на брифинге. "
    "Захарова подчеркнула, что Москва поддерживает диалог сторон. "
    "Глава МИД Армении Арарат Мирзоян ответил, что Ереван ценит эту поддержку.\n"
    "«Мы ждём от сторон конкретных шагов и честной работы», — добавила она.",
    "source": "Границу между странами откроют в следующем году, сообщил источник в правительстве.",
    "about_this": "Ереван не ведёт с Баку переговоры о пропускном пункте на границе. "
    "Об этом глава МИД Армении Арарат Мирзоян заявил в рамках «правительственного часа» в парламенте.",
    "role": "Премьер-министр Армении Никол Пашинян провёл пресс-конференцию в Ереване.\n"
    "«Мы не будем вести переговоры под давлением и угрозами», — заявил премьер-министр Армении.",
    "first_after": "Коридор остаётся закрытым уже двадцать дней, заявил премьер-министр Армении Никол Пашинян "
    "на встрече с президентом России Владимиром Путиным.",
    "named_before": "Министр иностранных дел России Сергей Лавров несёт ответственность за переговоры в регионе. "
    "Об этом он заявил на брифинге в Москве.",
    "subject": "Премьер-министр Никол Пашинян обсудит с президентом России Владимиром Путиным кризис в регионе. "
    "Об этом, как сообщает ТАСС, он заявил журналистам.",
    "none": "Пашинян прибыл в Брюссель, где встретился с Алиевым и главой Евросовета. "
    "Компания «Газпром» открыла офис в Ереване.",
}


@pytest.fixture(scope="session")
def quotes(nlp, gazetteer):
    documents = tuple(Document(doc_id=key, source=key, text=text) for key, text in TEXTS.items())
    return analyze(Corpus(documents=documents), nlp=nlp, gazetteer=gazetteer).quotes


def _of(quotes, doc_id):
    return quotes[quotes["doc_id"] == doc_id]


def _speaker_of(quotes, doc_id, words):
    rows = _of(quotes, doc_id)
    rows = rows[rows["quote"].str.contains(words, regex=False)]
    assert len(rows) == 1, rows[["quote", "speaker", "speaker_entity"]]
    return rows.iloc[0]


def test_quotation_in_guillemets_credited_by_the_dash_after_it(quotes):
    row = _speaker_of(quotes, "after", "мирный договор")
    assert row["speaker_entity"] == "Никол Пашинян" and row["mode"] == "direct"
    assert row["quote"] == "Мы готовы подписать мирный договор в ближайшее время"


def test_quotation_credited_by_the_words_before_its_colon(quotes):
    row = _speaker_of(quotes, "before", "ждать бесконечно")
    assert row["speaker_entity"] == "Ильхам Алиев" and row["cue"] == "ответил"


def test_quotation_nested_in_low_quotes_is_one_statement(quotes):
    rows = _of(quotes, "nested")
    assert len(rows) == 1
    assert rows.iloc[0]["quote"].startswith("Это „историческая возможность“ для всего региона")
    assert rows.iloc[0]["speaker_entity"] == "Арарат Мирзоян"


def test_dialogue_dash_speech_goes_on_after_the_authors_words(quotes):
    rows = _of(quotes, "dialogue")
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["quote"].startswith("Мы готовы к переговорам") and row["quote"].endswith("утром в Брюсселе.")
    assert row["speaker_entity"] == "Сергей Лавров" and row["cue"] == "сказал"


def test_po_slovam_credits_the_lemmatised_person(quotes):
    row = _speaker_of(quotes, "according", "идут сложно")
    assert row["speaker"] == "Алиева" and row["speaker_entity"] == "Ильхам Алиев"
    assert row["mode"] == "reported" and row["cue"] == "по словам"


def test_news_agencies_reporting_are_media(quotes):
    rows = _of(quotes, "agency")
    assert set(rows["cue"]) == {"как передаёт", "как сообщает"}
    assert set(rows["kind"]) == {"media"}
    assert not rows["quote"].str.contains("передаёт|сообщает").any()


def test_a_pronoun_refers_to_the_speaker_of_its_sex(quotes):
    rows = _of(quotes, "pronoun")
    said = dict(zip(rows["cue"], rows["speaker_entity"]))
    assert said == {"подчеркнула": "Мария Захарова", "ответил": "Арарат Мирзоян", "добавила": "Мария Захарова"}


def test_a_pronoun_before_any_speaker_is_the_person_named_before_it(quotes):
    row = _speaker_of(quotes, "named_before", "ответственность")
    assert row["speaker"] == "он" and row["speaker_entity"] == "Сергей Лавров"


def test_a_pronoun_refers_to_the_subject_not_the_last_person_named(quotes):
    row = _speaker_of(quotes, "subject", "кризис в регионе")
    assert row["speaker_entity"] == "Никол Пашинян" and row["mode"] == "reported"


def test_an_unnamed_source_is_kept_as_written(quotes):
    row = _speaker_of(quotes, "source", "откроют")
    assert row["speaker"] == "источник в правительстве" and row["kind"] == "anonymous"
    assert row["quote"] == "Границу между странами откроют в следующем году"


def test_ob_etom_credits_the_sentence_before(quotes):
    row = _speaker_of(quotes, "about_this", "пропускном пункте")
    assert row["speaker_entity"] == "Арарат Мирзоян" and row["mode"] == "reported"


def test_a_role_is_the_person_the_text_introduced_with_it(quotes):
    row = _speaker_of(quotes, "role", "под давлением")
    assert row["speaker"] == "премьер-министр Армении" and row["speaker_entity"] == "Никол Пашинян"


def test_after_a_cue_the_first_person_named_is_the_speaker(quotes):
    row = _speaker_of(quotes, "first_after", "закрытым")
    assert row["speaker_entity"] == "Никол Пашинян"


def test_sentences_without_speech_and_quoted_names_are_no_statements(quotes):
    assert _of(quotes, "none").empty


@pytest.mark.parametrize(
    "word", ["заявил", "заявила", "заявляет", "сообщил", "отметила", "подчеркнул", "добавив", "сказали", "передаёт"]
)
def test_every_form_of_a_speech_verb_is_a_cue(word):
    assert speech_verb(word) is not None


@pytest.mark.parametrize("word", ["прибыл", "словам", "Пашинян", "встретился", "договор"])
def test_other_words_are_no_cue(word):
    assert speech_verb(word) is None


def test_quote_spans_nest_and_stand_alone():
    text = "Он сказал: «Это „наш“ шанс». Она ответила: „Нет“.\nЗаголовок «без конца"
    spans = russian_quote_spans(text)
    quoted = [text[s:e] for s, e in spans]
    assert "«Это „наш“ шанс»" in quoted and "„Нет“" in quoted and "«без конца" in quoted
    assert "„наш“" not in quoted or any(s < text.index("„наш") and text.index("шанс") < e for s, e in spans)
