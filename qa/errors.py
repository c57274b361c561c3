"""Errors a user can act on, and the default folders. Kept apart from the heavy modules so the CLI can catch them without
importing numpy, FAISS or the model (`qa --help` stays instant)."""
import os
from pathlib import Path


class QAError(Exception):
    """A problem the user can act on; str() is one line. exit_code follows the CLI's convention."""
    exit_code = 1


class UsageError(QAError):
    exit_code = 2


def default_docs_dir() -> Path:
    return Path(os.environ.get("QA_DOCS") or "docs")


def default_index_dir() -> Path:
    return Path(os.environ.get("QA_INDEX") or "index")
