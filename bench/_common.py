"""Shared pieces of the benchmarks: where things are, the machine header, tables, timing helpers.

The scripts run as `.venv/bin/python bench/<name>.py` from the repository root (or anywhere:
paths are resolved from this file), so this module is imported as `_common`.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
QA_BIN = str(VENV_BIN / "qa")

SHARED_EVAL = (ROOT / ".." / "shared" / "eval").resolve()
SEED_QUESTIONS = SHARED_EVAL / "seed_questions.jsonl"
SEED_DIALOGUES = SHARED_EVAL / "seed_dialogues.jsonl"
SQUAD_DIR = SHARED_EVAL / "squad2-numeric"
SQUAD_CORPUS = SQUAD_DIR / "corpus"
SQUAD_QUESTIONS = SQUAD_DIR / "questions.jsonl"
SEED_DOCS = ROOT / "docs"
SEED_INDEX = ROOT / "index"
SQUAD_INDEX = CACHE / "squad-index"


# ---------------------------------------------------------------- the machine

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def header(title: str) -> str:
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    try:
        memory = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM"
    except (ValueError, OSError):
        memory = "RAM unknown"
    versions = ", ".join(f"{p} {_version(p)}" for p in
                         ("faiss-cpu", "onnxruntime", "torch", "sentence-transformers", "bm25s", "numpy"))
    try:
        load = "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min) at start"
    except OSError:
        load = "load average unknown"
    return "\n".join([
        f"## {title}",
        "",
        f"- date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: `{platform.machine()}` (uname -m), CPU {cpu_model()}, {cores} cores ({usable} usable), {memory}",
        f"- {load}: other processes on the machine slow every number here",
        f"- python {platform.python_version()}; {versions}",
        "",
    ])


def load_now() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min) at the end"
    except OSError:
        return "load average unknown"


# ---------------------------------------------------------------- tables and numbers

def table(columns: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in columns]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
                     + [line(r) for r in cells[1:]])


def median(values) -> float:
    return statistics.median(values)


def percentile(values, q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100]."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


def mb(kilobytes: float) -> str:
    return f"{kilobytes / 1024:.0f} MB"


def met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "NO")


# ---------------------------------------------------------------- running things

TIME_BIN = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_measured(args: list[str], cwd: Path | None = None, stdin: str | None = None,
                 env: dict | None = None) -> tuple[float, int, int, str, str]:
    """Run a command; (wall seconds, peak RSS in KB of that process, exit code, stdout, stderr).

    The peak RSS comes from /usr/bin/time -f %M, which forks the command from its own small
    process: the child's ru_maxrss read directly with wait4 counts the pages of *this* process at
    fork time, so a bench process holding a model would inflate it. Without /usr/bin/time, wait4
    it is (then only trust it while this process is small)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss_file:
        if stdin is not None:
            inp.write(stdin.encode("utf-8"))
            inp.seek(0)
        command = [TIME_BIN, "-q", "-f", "%M", "-o", rss_file.name, *args] if TIME_BIN else list(args)
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdin=inp if stdin is not None else subprocess.DEVNULL,
                                stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss
        if TIME_BIN:
            try:
                peak = int(Path(rss_file.name).read_text().split()[-1])
            except (OSError, ValueError, IndexError):
                peak = -1
        out.seek(0)
        err.seek(0)
        return (wall, peak, proc.returncode, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"))


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def outcome(question: dict, output: dict) -> dict:
    """A question's outcome in a saved run: right or not (an answerable question: the figure given
    holds a gold answer; an unanswerable one: nothing given), the answer given ("" when none), and
    the question's words."""
    from qa.evaluate import figure_hit

    given = (output.get("answer") or {}).get("text", "") if output.get("answered") else ""
    right = figure_hit(given, question["answers"]) if question["answerable"] else not output.get("answered")
    return {"right": bool(right), "answer": given, "question": question["question"]}


def compare_outcomes(now: dict, path: Path, words_hidden=lambda key: False) -> None:
    """Print the questions whose outcome or answer differs from the run saved in `path`: GAIN,
    LOSS, or CHANGED (the same outcome, another answer); by key alone where `words_hidden`."""
    before = json.loads(path.read_text(encoding="utf-8"))
    changed = [(key, v) for key, v in now.items()
               if key in before and (before[key]["right"], before[key]["answer"]) != (v["right"], v["answer"])]
    print()
    print(f"{len(changed)} questions changed against {path}:")
    for key, v in changed:
        was = before[key]
        mark = "CHANGED" if was["right"] == v["right"] else ("GAIN" if v["right"] else "LOSS")
        words = "" if words_hidden(key) else f" {v['question']!r}"
        print(f"- {mark} {key}{words}: {was['answer']!r} -> {v['answer']!r}")


def save_outcomes(now: dict, path: Path) -> None:
    path.write_text(json.dumps(now, ensure_ascii=False, indent=0), encoding="utf-8")
    say(f"outcomes saved to {path}")


def say(message: str) -> None:
    """Progress talk goes to stderr, so that stdout is the report."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def squad_qa(update: bool = True):
    """A qa.api.QA over the SQuAD corpus with its index cached in bench/.cache/squad-index.

    The index is updated when the corpus changed or was split by another version of qa
    (QA(update=True)); an index this qa cannot read any more (format change) is rebuilt from scratch."""
    from qa.api import QA, QAError, build

    SQUAD_INDEX.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        bot = QA(SQUAD_CORPUS, SQUAD_INDEX, update=update, notify=say)
    except QAError as exc:
        say(f"cached SQuAD index unusable ({exc}); rebuilding it from scratch (about 3 minutes)")
        build(SQUAD_CORPUS, SQUAD_INDEX, full=True, notify=say)
        bot = QA(SQUAD_CORPUS, SQUAD_INDEX, update=False, notify=say)
    elapsed = time.perf_counter() - started
    if elapsed > 5:
        say(f"SQuAD index ready in {elapsed:.0f} s")
    return bot
