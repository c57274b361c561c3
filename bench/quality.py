"""`make bench-quality`: answer quality of qa beside two simple baselines, measured in one run.

    .venv/bin/python bench/quality.py

Question sets: ../shared/eval/seed_questions.jsonl over ./docs, and ../shared/eval/squad2-numeric
(750 questions over its corpus). Systems:
- qa: qa.evaluate.evaluate(QA(...), questions), i.e. what `qa eval` scores;
- dense top-1: all-MiniLM-L6-v2 (sentence-transformers) over simply split sentences; passages are
  the top 3 sentences by cosine; the answer is the first number in the top sentence (the sentence
  itself when it holds none); no answer when the top cosine is below 0.3;
- BM25 top-1: bm25s (Lucene BM25, English stop words, no stemming) over the same sentences, same
  answer rule; no answer only when no sentence shares a term with the question.
Metrics follow ../shared/eval/score.py (passage@1, passage@3, figure@1, abstain, quotes wrong),
computed with qa.evaluate.score and cross-checked with score.py's own score(). Baseline sentence
embeddings are cached in bench/.cache/baseline/.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import time
import traceback
from pathlib import Path

import numpy as np

import _common as C
from _common import say

ABSTAIN_COSINE = 0.3
TOP = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")  # the simple rule: a sentence ends at . ! ? before a space
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


# ---------------------------------------------------------------- the baselines

def read_corpus(docs: Path) -> dict[str, str]:
    """Each plain-text document as score.py reads it (UTF-8, universal newlines), by relative path."""
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs.rglob("*")) if p.is_file() and p.suffix.lower() in {".txt", ".md"}}


def split_sentences(texts: dict[str, str]) -> list[tuple[str, int, int]]:
    """(source, start, end) of every sentence: lines split at . ! ? followed by white space."""
    spans = []
    for source, text in texts.items():
        for line in re.finditer(r"[^\n]+", text):
            start = line.start()
            for gap in _SENTENCE_END.finditer(text, line.start(), line.end()):
                spans.append((source, start, gap.start()))
                start = gap.end()
            spans.append((source, start, line.end()))
    stripped = []
    for source, a, b in spans:
        text = texts[source]
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            stripped.append((source, a, b))
    return stripped


class Embedder:
    """all-MiniLM-L6-v2 through sentence-transformers, with vectors cached on disk by content."""

    def __init__(self) -> None:
        self._model = None
        self.folder = C.CACHE / "baseline"
        self.folder.mkdir(parents=True, exist_ok=True)

    def encode(self, texts: list[str], name: str) -> np.ndarray:
        key = hashlib.sha256(json.dumps(texts).encode("utf-8")).hexdigest()[:16]
        path = self.folder / f"{name}-{key}.npy"
        if path.exists():
            return np.load(path)
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from qa.embedding import model_dir
            self._model = SentenceTransformer(str(model_dir()), device="cpu")
        say(f"baseline: embedding {len(texts)} {name} texts (cached for next time)")
        vectors = self._model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False).astype(np.float32)
        np.save(path, vectors)
        return vectors


def answer_json(question: str, texts: dict[str, str], sentences, order, scores, answered: bool) -> dict:
    """One output in the JSON contract of score.py: top sentences as passages, first number as answer."""
    passages = []
    for rank, i in enumerate(order[:TOP], 1):
        source, start, end = sentences[i]
        passages.append({"rank": rank, "score": round(float(scores[i]), 4), "source": source, "start": start,
                         "end": end, "text": texts[source][start:end], "figures": []})
    answer = None
    if answered and passages:
        top = passages[0]
        number = _NUMBER.search(top["text"])
        s, e = (number.start(), number.end()) if number else (0, len(top["text"]))
        answer = {"text": top["text"][s:e], "source": top["source"], "start": top["start"] + s,
                  "end": top["start"] + e}
    return {"question": question, "answered": answer is not None, "answer": answer, "passages": passages}


def dense_baseline(questions, texts, sentences, embedder: Embedder, name: str) -> tuple[list[dict], float]:
    matrix = embedder.encode([texts[s][a:b] for s, a, b in sentences], f"{name}-sentences")
    queries = embedder.encode([q["question"] for q in questions], f"{name}-questions")
    started = time.perf_counter()
    outputs = []
    for q, vector in zip(questions, queries):
        scores = matrix @ vector
        order = np.argsort(-scores)[:TOP]
        outputs.append(answer_json(q["question"], texts, sentences, order, scores,
                                   answered=float(scores[order[0]]) >= ABSTAIN_COSINE))
    return outputs, time.perf_counter() - started


def bm25_baseline(questions, texts, sentences) -> tuple[list[dict], float]:
    import bm25s

    started = time.perf_counter()
    corpus = bm25s.tokenize([texts[s][a:b] for s, a, b in sentences], stopwords="en", return_ids=False,
                            show_progress=False)
    retriever = bm25s.BM25(method="lucene")
    retriever.index(corpus, show_progress=False)
    outputs = []
    for q in questions:
        tokens = bm25s.tokenize([q["question"]], stopwords="en", return_ids=False, show_progress=False)[0]
        scores = retriever.get_scores(tokens) if tokens else np.zeros(len(sentences), np.float32)
        order = np.argsort(-scores, kind="stable")[:TOP]
        outputs.append(answer_json(q["question"], texts, sentences, order, scores,
                                   answered=float(scores[order[0]]) > 0))
    return outputs, time.perf_counter() - started


# ---------------------------------------------------------------- scoring

def shared_scorer():
    """../shared/eval/score.py's own score(questions, outputs, docs), loaded from its file."""
    path = C.SHARED_EVAL / "score.py"
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def rates(result) -> dict:
    r = result.rates()
    return {"passage@1": f"{r['passage@1']:.3f}", "passage@3": f"{r['passage@3']:.3f}",
            "figure@1": f"{r['figure@1']:.3f}", "abstain": f"{r['abstain']:.3f}",
            "answered": f"{r['answered_answerable']:.3f}",
            "quotes wrong": f"{result.quotes_wrong}/{result.quotes_checked}"}


def cross_check(name: str, questions, outputs, docs: Path, ours: dict, notes: list[str]) -> None:
    try:
        theirs = shared_scorer()(questions, outputs, docs)
    except Exception as exc:  # the reference scorer is someone else's file: report, do not crash
        notes.append(f"{name}: score.py cross-check failed ({exc.__class__.__name__}: {exc})")
        return
    pairs = {"passage@1": f"{theirs['passage@1_rate']:.3f}", "passage@3": f"{theirs['passage@3_rate']:.3f}",
             "figure@1": f"{theirs['figure@1_rate']:.3f}", "abstain": f"{theirs['abstain_rate']:.3f}",
             "quotes wrong": f"{theirs['quotes_wrong']}/{theirs['quotes_checked']}"}
    differ = [f"{k} {ours[k]} vs score.py {v}" for k, v in pairs.items() if ours[k] != v]
    if differ:
        notes.append(f"{name}: qa.evaluate.score and score.py DISAGREE: " + "; ".join(differ))


def figure_recall_ceiling(questions: list[dict], texts: dict[str, str]) -> str:
    """How many answerable questions have a gold answer among the figures the figure finder finds in
    their article (as the scorer matches: a whole token run, at most 24 characters longer): the most
    figure@1 could reach with a perfect choice among them."""
    from qa.evaluate import contains
    from qa.figures import find_figures

    answerable = [q for q in questions if q["answerable"]]
    found: dict[str, list[str]] = {}
    hits = 0
    for q in answerable:
        if q["doc"] not in found:
            found[q["doc"]] = [f.text for f in find_figures(texts[q["doc"]])]
        hits += any(len(figure) <= len(gold) + 24 and contains(figure, gold)
                    for figure in found[q["doc"]] for gold in q["answers"])
    return (f"squad2-numeric: a gold answer is among the figures found in its article for {hits} of "
            f"{len(answerable)} answerable questions ({hits / max(len(answerable), 1):.3f}), the ceiling of figure@1 "
            "for a perfect choice among found figures (the rest are names with digits, or spans the finder does not type).")


def main() -> int:
    from qa.api import QA
    from qa.evaluate import evaluate, load_questions, score

    started = time.perf_counter()
    print(C.header("qa answer quality (bench/quality.py)"))
    rows, notes, crashed = [], [], False
    embedder = Embedder()
    sets = [("seed_questions", C.SEED_QUESTIONS, C.SEED_DOCS, lambda: QA(C.SEED_DOCS, C.SEED_INDEX, update=True,
                                                                          notify=say)),
            ("squad2-numeric", C.SQUAD_QUESTIONS, C.SQUAD_CORPUS, C.squad_qa)]
    for set_name, questions_path, docs, make_bot in sets:
        questions = load_questions(questions_path)
        texts = read_corpus(docs)
        sentences = split_sentences(texts)
        label = (f"{set_name} ({len(questions)} q: {sum(q['answerable'] for q in questions)} answerable, "
                 f"{sum(not q['answerable'] for q in questions)} not; {len(texts)} docs)")
        systems = []
        try:
            say(f"{set_name}: qa")
            bot = make_bot()
            bot.encoder  # load the ONNX encoder first: the timing below is of warm answers
            result, outputs = evaluate(bot, questions)
            systems.append(("qa", result, outputs, result.seconds,
                            f"{len(bot.index.passages)} passage windows"))
        except Exception:
            crashed = True
            traceback.print_exc()
            notes.append(f"{set_name}: qa crashed: " + traceback.format_exc().strip().splitlines()[-1])
        for system, run in (("dense top-1 (MiniLM, cos ≥ 0.3)",
                             lambda: dense_baseline(questions, texts, sentences, embedder, set_name)),
                            ("BM25 top-1 (bm25s)", lambda: bm25_baseline(questions, texts, sentences))):
            try:
                say(f"{set_name}: {system}")
                outputs, seconds = run()
                systems.append((system, score(questions, outputs, texts.get), outputs, seconds,
                                f"{len(sentences)} sentences"))
            except Exception:
                crashed = True
                traceback.print_exc()
                notes.append(f"{set_name}: {system} crashed: " + traceback.format_exc().strip().splitlines()[-1])
        if set_name == "squad2-numeric":
            notes.append(figure_recall_ceiling(questions, texts))
        for system, result, outputs, seconds, unit in systems:
            r = rates(result)
            cross_check(f"{set_name} / {system}", questions, outputs, docs, r, notes)
            rows.append([label, system, r["passage@1"], r["passage@3"], r["figure@1"], r["abstain"],
                         r["answered"], r["quotes wrong"], f"{seconds / max(len(questions), 1) * 1000:.2f} ms",
                         unit])
    print(C.table(["set", "system", "passage@1", "passage@3", "figure@1", "abstain", "answered (answerable)",
                   "quotes wrong", "time / question", "searched"], rows))
    print()
    print("passage@1/passage@3/answered: share of answerable questions; figure@1: share of figure questions; "
          "abstain: share of unanswerable questions left unanswered; quotes wrong: quoted spans that are not "
          "the document's text at their offsets. Definitions of ../shared/eval/score.py; every row was also "
          "scored by score.py itself" + (" and agreed." if not any("DISAGREE" in n for n in notes) else ":"))
    print("time / question: qa's is a warm `QA.ask` (query encoding included); the dense baseline's is the "
          "cosine search alone (its embeddings are precomputed and cached), BM25's includes indexing the sentences.")
    for note in notes:
        print(f"- {note}")
    print()
    print(f"_bench/quality.py ran in {time.perf_counter() - started:.0f} s; {C.load_now()}._")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
