"""End to end with the real model: build an index of docs/, ask, and check the quoted figures."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.api import QA, build
from qa.render import to_json
from qa.terms import document_terms, terms
from support import read_alone

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pipeline")
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    build(docs, folder / "index", notify=lambda message: None)
    return QA(docs, folder / "index", update=False)


def test_the_gaozhu_question_quotes_460_million_yuan(bot):
    result = bot.ask("How much cumulative credit has the bank provided to the Sichuan-Chongqing Gaozhu New Area?")
    assert result.answered
    assert result.answer.text.endswith("460 million yuan")
    text = bot.index.texts[[d.source for d in bot.index.documents].index(result.answer.source)]
    assert text[result.answer.start:result.answer.end] == result.answer.text
    assert "cumulative credit" in text[result.answer.sentence_start:result.answer.sentence_end]
    assert result.passages[0].start <= result.answer.start < result.answer.end <= result.passages[0].end


def test_a_count_question_quotes_the_count(bot):
    result = bot.ask("How many projects are on the 2024 list of major projects for the Chengdu-Chongqing economic circle?")
    assert result.answered and "300" in result.answer.text and "2024" not in result.answer.text


def test_a_count_in_a_sentence_too_long_to_keep_whole_stays_with_what_it_counts(bot):
    result = bot.ask("How many medical insurance affairs were provided for residents in Chengdu and Chongqing?")
    assert result.answered and result.answer.text == "18"


def test_a_question_of_no_particular_kind_is_answered_with_the_amount_in_its_sentence(bot):
    result = bot.ask("What did the bank do for important electronic information enterprises in Chongqing?")
    assert result.kind == "other"
    assert result.answered and result.answer.text == "more than 5 billion yuan"
    text = bot.index.texts[[d.source for d in bot.index.documents].index(result.answer.source)]
    assert "trade financing" in text[result.answer.sentence_start:result.answer.sentence_end]


def test_an_open_question_finds_the_figures_in_the_sentences_after_its_topic(bot):
    # The sentence naming the event holds only its dates; the next one what it drew.
    result = bot.ask("Tell me about the CIIE Entering Chongqing activities.")
    assert result.answered and "160" in result.answer.text
    first = result.passages[0]
    assert first.start <= result.answer.start < result.answer.end <= first.end


def test_a_question_for_a_thing_its_sentence_does_not_name_is_answered_with_the_sentence(bot):
    # "the manufacturing industry": the kind word is there, but no name is written against it.
    result = bot.ask("Which industry does Chongqing stand on?")
    assert result.answer.kind == "sentence" and "stands on the manufacturing industry" in result.answer.text


def test_a_figure_whose_topic_is_the_whole_long_sentence_before_it_is_found(bot):
    # "This event attracted ... more than 10 countries and regions" follows a sentence of some 460
    # characters naming the CIIE event: longer than any window holds beside it.
    result = bot.ask("How many countries and regions did the participants of the CIIE Entering Chongqing "
                     "event come from?")
    assert result.answered and result.answer.text == "more than 10"


def test_a_figure_the_question_names_is_never_its_answer(bot):
    result = bot.ask("How many projects were on the 2024 list?")
    assert result.answer is not None and "2024" not in result.answer.text


def test_a_question_the_documents_cannot_answer_is_not_answered(bot):
    result = bot.ask("What is the capital of France?")
    assert not result.answered
    assert to_json(result)["answer"] is None


@pytest.mark.skipif(not SEED.exists(), reason="../shared/eval is not beside the repository")
def test_every_quote_of_every_seed_answer_is_verbatim(bot):
    texts = {d.source: bot.index.texts[i] for i, d in enumerate(bot.index.documents)}
    questions = [json.loads(line)["question"] for line in SEED.read_text(encoding="utf-8").splitlines() if line]
    for question in questions:
        payload = json.loads(json.dumps(to_json(bot.ask(question, top_k=5))))
        assert set(payload) >= {"question", "answered", "answer", "passages"}
        quoted = list(payload["passages"]) + ([payload["answer"]] if payload["answer"] else [])
        quoted += [f | {"source": p["source"]} for p in payload["passages"] for f in p["figures"]]
        for item in quoted:
            assert texts[item["source"]][item["start"]:item["end"]] == item["text"]
        for rank, passage in enumerate(payload["passages"], 1):
            assert passage["rank"] == rank and len(passage["text"]) <= 800


def test_indexed_text_is_the_file_text(bot):
    for i, document in enumerate(bot.index.documents):
        assert bot.index.texts[i] == (bot.docs_dir / document.source).read_text(encoding="utf-8")


def test_query_encoder_matches_sentence_transformers(bot):
    from qa.embedding import PassageEncoder

    sentences = ["How much cumulative credit has the bank provided?", "The cumulative credit has exceeded "
                 "460 million yuan.", "重庆 银行 ✓", "x " * 600]
    reference = PassageEncoder().encode(sentences)
    onnx = bot.encoder.encode(sentences)
    cosines = (reference * onnx).sum(axis=1)
    assert np.all(cosines >= 0.9999), cosines


def test_source_glob_limits_the_search(bot):
    result = bot.ask("How much cumulative credit was provided?", source="chongqing-boc-*")
    assert all(p.source.startswith("chongqing-boc-") for p in result.passages)


def test_a_year_asked_for_fits_a_year_better_than_a_decade():
    from qa.answering import _fit
    from qa.figures import find_figures
    from qa.question import analyse

    decade, year = find_figures("in the 1880s and in 1996")
    asked_year = analyse("In what year was the school act passed?")
    assert _fit(year, asked_year) > _fit(decade, asked_year)
    asked_when = analyse("When was the school act passed?")
    assert _fit(year, asked_when) == _fit(decade, asked_when)


def test_a_question_of_nothing_but_figures_is_not_answered(bot):
    for question in ("How many 5?", "how much 2023", "When?"):
        result = bot.ask(question)
        assert not result.answered and result.answer is None


def test_a_change_asked_for_is_answered_with_the_percentage(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.txt").write_text(
        "Revenue for the year ended 31 December 2023 rose 12.4% to $4.52 billion, compared with "
        "$4.02 billion in 2022. Net profit was $612 million.\n", encoding="utf-8")
    build(docs, tmp_path / "index", notify=lambda message: None)
    bot = QA(docs, tmp_path / "index", update=False)
    result = bot.ask("How much did revenue increase in 2023?")
    assert result.kind == "change" and result.answered and result.answer.text == "12.4%"


RESULTS = """Northwind Logistics plc: results for the year to 31 March 2024

Group turnover increased by 7.9% to £1.84 billion (2023: £1.71 billion). Operating profit fell to £142 million, \
down from £158 million in the previous year, reflecting higher fuel costs.

Chief Executive Officer Maria Lindqvist said demand was strong. The workforce grew by 340 to 3,870 colleagues.
"""


@pytest.fixture(scope="module")
def results_bot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    (folder / "docs").mkdir()
    (folder / "docs" / "results.txt").write_text(RESULTS, encoding="utf-8")
    build(folder / "docs", folder / "index", notify=lambda message: None)
    return QA(folder / "docs", folder / "index", update=False)


@pytest.mark.parametrize("question, answer", [
    ("What was group turnover?", "£1.84 billion"),
    ("What was turnover in 2023?", "£1.71 billion"),           # the year in brackets beside it
    ("What was operating profit?", "£142 million"),
    ("What was operating profit in the previous year?", "£158 million"),  # the value compared with
    ("Who is the chief executive officer?", "Maria Lindqvist"),  # the name after the title
    ("By how many colleagues did the workforce grow?", "340"),   # the change, not the level it came to
    ("How many colleagues does the workforce count?", "3,870"),
])
def test_a_results_statement_answers_for_the_period_and_the_person_asked_about(results_bot, question, answer):
    result = results_bot.ask(question)
    assert result.answered and result.answer.text == answer
    text = results_bot.index.texts[0]
    assert text[result.answer.start:result.answer.end] == answer


@pytest.mark.parametrize("request_, answer", [
    ("Can you tell me what group turnover was?", "£1.84 billion"),
    ("Any idea what operating profit was in the previous year?", "£158 million"),
    ("Give me the operating profit.", "£142 million"),
    ("group turnover 2023", "£1.71 billion"),
    ("Do you know what turnover was in 2023?", "£1.71 billion"),
    ("I'd like to know by how many colleagues the workforce grew.", "340"),
])
def test_a_request_for_a_figure_is_answered_as_its_question_is(results_bot, request_, answer):
    result = results_bot.ask(request_)
    assert result.answered and result.answer.text == answer


def test_terms_of_windows_and_sentences_are_those_of_their_text(bot):
    # Windows are put together from the terms of their sentences, each read once.
    from qa.answering import _topic, span_terms

    index = bot.index
    spans = 0
    for row, (doc, start, end, focus_start, focus_end) in enumerate(index.passages.tolist()):
        text = index.texts[doc]
        topic_start = min(start, _topic(index, row)[1])
        for a, b in ((start, end), (focus_start, focus_end), (topic_start, end)):
            assert [(t.stem, t.start, t.end) for t in span_terms(index, doc, a, b)] == \
                   [(t.stem, t.start, t.end) for t in read_alone(text, a, b)]
            spans += 1
    assert spans == 3 * len(index.passages)
    # A span that is no run of whole sentences is read as it is: a word its edge cuts is left out.
    doc, start, end = (int(v) for v in index.passages[5][:3])
    a, b = start + 4, end - 3
    assert [(t.stem, t.start) for t in span_terms(index, doc, a, b)] == \
           [(t.stem, t.start) for t in document_terms(index.texts[doc]) if a <= t.start and t.end <= b]


def test_a_word_cut_by_a_span_edge_is_left_out_even_beside_punctuation():
    from qa.answering import _terms_within

    text = "They won the America's Cup in 1851, for 1,200 guineas."
    spans = [(0, 20), (13, 26), (30, 37), (41, 45), (0, len(text)), (22, 35)]
    for a, b in spans:
        assert _terms_within(text, a, b) == [t for t in terms(text) if a <= t.start and t.end <= b]
    assert [t.stem for t in _terms_within(text, 0, 20)] == ["win"]  # "America" of "America's" is cut


@pytest.mark.parametrize("question, name", [
    ("Which trade corridor will BOC actively promote the development of?", "New International Land-Sea Trade Corridor"),
    ("Who is the Chairman of Bank of China?", "Liu Liange"),
])
def test_a_question_for_a_name_quotes_the_name_in_its_sentence(bot, question, name):
    result = bot.ask(question)
    assert result.answered and result.answer.text == name and result.answer.kind == "name"
    text = bot.index.texts[[d.source for d in bot.index.documents].index(result.answer.source)]
    assert text[result.answer.start:result.answer.end] == name
    assert result.answer.sentence_start <= result.answer.start < result.answer.end <= result.answer.sentence_end
