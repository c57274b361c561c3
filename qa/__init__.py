"""qa: answer questions from a folder of documents by quoting them verbatim."""
from __future__ import annotations

__version__ = "0.1.0"


def __getattr__(name: str):
    # Lazy, so that `import qa` (and `qa --help`) loads no model, FAISS or numpy.
    if name in {"QA", "QAError", "UsageError", "Result", "build", "ensure_index"}:
        from . import api
        return getattr(api, name)
    raise AttributeError(name)


def ask(question: str, docs_dir="docs", index_dir="index", **options):
    """One-off question: qa.ask("How much ...?").answer.text"""
    from .api import QA
    return QA(docs_dir, index_dir).ask(question, **options)


def build_index(docs_dir="docs", index_dir="index", full: bool = False):
    from pathlib import Path
    from .api import build
    return build(Path(docs_dir), Path(index_dir), full=full)
