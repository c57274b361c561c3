"""Candidate passages for a question: dense (FAISS) and lexical (BM25) search, fused.

Each side proposes its best windows; the union is scored by a weighted sum of the cosine and
the BM25 score scaled by its best value for this question, so neither side's scale dominates.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .store import Index

CANDIDATES_PER_SIDE = 40
DENSE_WEIGHT = 0.6  # cosines of MiniLM sit in a narrow band; BM25 separates exact term matches


@dataclass(frozen=True, slots=True)
class Candidate:
    row: int          # passage row in the index
    dense: float      # cosine of question and window
    lexical: float    # BM25 score / best BM25 score for this question, in [0, 1]
    fused: float


def retrieve(index: Index, query_vector: np.ndarray, query_terms: list[str],
             rows: np.ndarray | None = None, per_side: int = CANDIDATES_PER_SIDE) -> list[Candidate]:
    """Best passages for the question, fused score first; `rows` restricts the search."""
    dense_rows, dense_scores = index.dense.search(query_vector, per_side, rows)
    lexical_all, lexical_rows = index.lexical.search(query_terms, per_side, rows)
    best_lexical = float(lexical_all[lexical_rows[0]]) if len(lexical_rows) else 0.0

    cosine = dict(zip(dense_rows.tolist(), dense_scores.tolist()))
    union = set(cosine) | set(lexical_rows.tolist())
    if not union:
        return []
    missing = [r for r in union if r not in cosine]
    if missing:  # lexical finds that dense did not rank: their cosine, exactly
        scores = np.asarray(index.dense.vectors[np.array(missing)]) @ query_vector
        cosine.update(zip(missing, scores.tolist()))
    candidates = []
    for row in union:
        lexical_score = float(lexical_all[row]) / best_lexical if best_lexical > 0 else 0.0
        fused = DENSE_WEIGHT * cosine[row] + (1 - DENSE_WEIGHT) * lexical_score
        candidates.append(Candidate(row, float(cosine[row]), lexical_score, fused))
    candidates.sort(key=lambda c: -c.fused)
    return candidates
