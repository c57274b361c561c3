"""The `qa` command: a thin Typer shell over qa.api. Data goes to stdout, talk to stderr.

Exit codes: 0 answered (or a batch ran), 1 no answer / an index problem, 2 a usage error.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import QAError, UsageError, default_docs_dir, default_index_dir

app = typer.Typer(
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
    help="Answer questions from a folder of documents by quoting them: the exact figure, in its "
         "sentence, with the file and character offsets. Or say that the documents do not say.",
)
index_app = typer.Typer(no_args_is_help=True, help="Build and inspect the index of the documents folder.")
app.add_typer(index_app, name="index")

DocsOption = typer.Option(None, "--docs", help="Documents folder [default: $QA_DOCS or ./docs].", show_default=False)
IndexOption = typer.Option(None, "--index", help="Index folder [default: $QA_INDEX or ./index].", show_default=False)


def _paths(docs: Optional[Path], index: Optional[Path]) -> tuple[Path, Path]:
    return docs or default_docs_dir(), index or default_index_dir()


def _fail(message: str, code: int) -> None:
    typer.echo(f"qa: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def ask(
    question: str = typer.Argument(..., help='The question, or "-" to answer each line of standard input.'),
    top_k: int = typer.Option(3, "--top-k", "-k", min=1, max=50, help="How many passages to show."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per question (JSON Lines)."),
    source: Optional[str] = typer.Option(None, "--source", "-s", help="Search only documents matching this glob."),
    no_update: bool = typer.Option(False, "--no-update", help="Do not update a stale index first."),
    docs: Optional[Path] = DocsOption,
    index: Optional[Path] = IndexOption,
) -> None:
    """Answer a question (exit 1 when the documents do not say).

    With "-", each line of standard input is a question, or a JSON object
    {"question": ..., "source": GLOB}; the model loads once and every line gets one answer.
    With --json, every input line gets exactly one output line, in order: a line that cannot be
    asked (blank, bad JSON, a --source outside the documents) gets one with an "error" key.

    Examples:

      qa ask "How much cumulative credit has the bank provided to Gaozhu New Area?"

      printf 'When were the CIIE activities held?\\n' | qa ask --json -
    """
    from .render import Style, to_json, to_text, use_color

    docs_dir, index_dir = _paths(docs, index)
    if question != "-" and not question.strip():
        _fail("the question is empty", 2)
    from .api import QA

    bot = QA(docs_dir, index_dir, update=not no_update)
    style = Style(use_color(sys.stdout))
    if question != "-":
        result = bot.ask(question, top_k=top_k, source=source)
        typer.echo(json.dumps(to_json(result), ensure_ascii=False) if as_json else to_text(result, style))
        raise typer.Exit(0 if result.answered else 1)
    # Bytes, decoded line by line: an undecodable byte spoils its own line only, whatever the locale.
    lines = getattr(sys.stdin, "buffer", None) or sys.stdin
    for number, raw in enumerate(lines, 1):
        line = (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw).rstrip("\r\n")
        if not line.strip() and not as_json:
            continue  # JSON Lines keep one output line per input line, blank ones included
        text, line_source, error = _parse_batch_line(line, source)
        try:
            if error:
                raise UsageError(error)
            result = bot.ask(text, top_k=top_k, source=line_source)
            output = json.dumps(to_json(result), ensure_ascii=False) if as_json else to_text(result, style) + "\n"
        except Exception as exc:  # noqa: BLE001 - one bad line must not end the batch
            if not isinstance(exc, QAError) and os.environ.get("QA_DEBUG"):
                raise
            message = _one_line(exc) if isinstance(exc, QAError) else _internal_error(exc)
            if not as_json:
                typer.echo(f"qa: line {number}: {message}", err=True)
                continue
            output = json.dumps({"question": text, "answered": False, "answer": None, "kind": None,
                                 "confidence": 0.0, "passages": [], "error": message}, ensure_ascii=False)
        typer.echo(output)
        sys.stdout.flush()


def _parse_batch_line(line: str, default_source: str | None) -> tuple[str, str | None, str | None]:
    """(question, source glob, error) of one `qa ask -` line."""
    if not line.lstrip().startswith("{"):
        return line, default_source, None
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return line, None, f"not valid JSON ({exc.msg})"
    except RecursionError:
        return line, None, "not valid JSON (nested too deeply)"
    if not isinstance(item, dict) or not isinstance(item.get("question"), str):
        return line, None, 'a JSON line needs a "question" string'
    source = item.get("source", default_source)
    if source is not None and not isinstance(source, str):
        return item["question"], None, '"source" must be a string'
    return item["question"], source, None


@app.command()
def chat(
    as_json: bool = typer.Option(False, "--json", help="Script mode: one JSON object per turn."),
    source: Optional[str] = typer.Option(None, "--source", "-s", help="Search only documents matching this glob."),
    top_k: int = typer.Option(3, "--top-k", "-k", min=1, max=50, help="How many passages to show."),
    no_update: bool = typer.Option(False, "--no-update", help="Do not update a stale index first."),
    docs: Optional[Path] = DocsOption,
    index: Optional[Path] = IndexOption,
) -> None:
    """Talk to your documents: ask, follow up, :more, :help, :quit (or Ctrl-D)."""
    from .chat import run_chat

    docs_dir, index_dir = _paths(docs, index)
    from .api import QA

    bot = QA(docs_dir, index_dir, update=not no_update)
    run_chat(bot, as_json=as_json, source=source, top_k=top_k)


@app.command("eval")
def eval_command(
    questions: Path = typer.Argument(..., help="A question set: JSON Lines with question, answers, "
                                               "and optionally evidence, kind, answerable, doc."),
    per_doc: bool = typer.Option(False, "--per-doc", help="Search only each question's own \"doc\"."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores and misses as JSON."),
    misses: int = typer.Option(20, "--misses", help="How many misses to list (text output)."),
    no_update: bool = typer.Option(False, "--no-update", help="Do not update a stale index first."),
    docs: Optional[Path] = DocsOption,
    index: Optional[Path] = IndexOption,
) -> None:
    """Score answers on a question set: passage@1, passage@3, figure@1, abstention, quote errors.

    The definitions are those of ../shared/eval/score.py; use it on your own questions.
    """
    from .evaluate import evaluate, load_questions

    try:
        rows = load_questions(questions)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        _fail(f"cannot read questions from {questions}: {exc}", 2)
    docs_dir, index_dir = _paths(docs, index)
    from .api import QA

    bot = QA(docs_dir, index_dir, update=not no_update)
    result, _ = evaluate(bot, rows, per_doc=per_doc)
    rates = result.rates()
    if as_json:
        typer.echo(json.dumps({"questions": result.questions, **rates, "seconds": round(result.seconds, 2),
                               "misses": result.misses}, ensure_ascii=False, indent=1))
        return
    for miss in result.misses[:misses]:
        typer.echo("miss " + json.dumps(miss, ensure_ascii=False)[:240])
    typer.echo(f"{result.questions} questions ({result.answerable} answerable, {result.unanswerable} not)  "
               f"passage@1 {rates['passage@1']}  passage@3 {rates['passage@3']}  figure@1 {rates['figure@1']}  "
               f"abstain {rates['abstain']}  answered {rates['answered_answerable']}  "
               f"quotes_wrong {result.quotes_wrong}/{result.quotes_checked}  {result.seconds:.1f} s")


@index_app.command("build")
def index_build(
    full: bool = typer.Option(False, "--full", help="Rebuild from scratch instead of updating."),
    docs: Optional[Path] = DocsOption,
    index: Optional[Path] = IndexOption,
) -> None:
    """Index the documents folder: split, embed, and write the index atomically.

    Unchanged documents keep their vectors; changed ones are re-embedded; removed ones vanish.
    A build interrupted (Ctrl-C, kill, full disk) leaves the previous index as it was.
    """
    from .api import build

    docs_dir, index_dir = _paths(docs, index)
    if not docs_dir.is_dir():
        _fail(f"documents folder {docs_dir} does not exist", 2)
    _echo_report(build(docs_dir, index_dir, full=full, show_progress=sys.stderr.isatty()), index_dir)


def _echo_report(report, index_dir: Path) -> None:
    for skipped in report.skipped:  # the build named only files skipped for the first time
        if skipped.source not in report.announced:
            typer.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    if report.up_to_date:
        typer.echo(f"the index of {report.documents} documents in {index_dir} is up to date"
                   + (f" ({len(report.skipped)} skipped)" if report.skipped else ""), err=True)
        return
    typer.echo(f"indexed {report.documents} documents, {report.passages} passages into {index_dir} "
               f"({report.embedded_documents} embedded, {report.reused_documents} unchanged"
               + (f", {len(report.removed)} removed" if report.removed else "")
               + (f", {len(report.skipped)} skipped" if report.skipped else "")
               + f") in {report.seconds:.1f} s", err=True)


@index_app.command("add")
def index_add(
    paths: list[Path] = typer.Argument(..., metavar="PATH", help="Files or folders to copy into the documents folder."),
    to: Optional[str] = typer.Option(None, "--to", help="A folder inside the documents folder to copy into."),
    force: bool = typer.Option(False, "--force", help="Replace documents of the same name."),
    docs: Optional[Path] = DocsOption,
    index: Optional[Path] = IndexOption,
) -> None:
    """Copy files or folders into the documents folder and index them (only they are embedded).

    A name that exists already is an error unless --force; files of a folder that cannot be read
    are left out, each named.

    Example: qa index add ~/reports/annual-2024.pdf
    """
    from . import store
    from .api import build

    docs_dir, index_dir = _paths(docs, index)
    try:
        added = store.add_documents(docs_dir, paths, to=to, force=force, index_dir=index_dir,
                                    notify=lambda message: typer.echo(message, err=True))
    except store.IndexError_ as exc:
        _fail(str(exc), 2)
    for source in added:
        typer.echo(f"added {source}", err=True)
    _echo_report(build(docs_dir, index_dir, show_progress=sys.stderr.isatty()), index_dir)


@index_app.command("remove")
def index_remove(
    names: list[str] = typer.Argument(..., metavar="NAME", help="Documents as answers name them (paths inside the "
                                                "documents folder), or folders of them."),
    docs: Optional[Path] = DocsOption,
    index: Optional[Path] = IndexOption,
) -> None:
    """Delete documents from the documents folder and from the index.

    Example: qa index remove annual-2024.pdf
    """
    from . import store
    from .api import build

    docs_dir, index_dir = _paths(docs, index)
    indexed: list[str] = []
    try:
        indexed = [d["source"] for d in store.read_manifest(index_dir)["documents"]]
    except store.IndexError_:
        pass
    try:
        removed = store.remove_documents(docs_dir, names, indexed)
    except store.IndexError_ as exc:
        _fail(str(exc), 2)
    for source in removed:
        typer.echo(f"removed {source}", err=True)
    _echo_report(build(docs_dir, index_dir, show_progress=sys.stderr.isatty()), index_dir)


@index_app.command("verify")
def index_verify(index: Optional[Path] = IndexOption) -> None:
    """Check every byte of the index against the checksums in its manifest (slower than status)."""
    from . import store

    _, index_dir = _paths(None, index)
    try:
        loaded = store.verify(index_dir)
    except store.IndexError_ as exc:
        _fail(str(exc), 1)
    typer.echo(f"the index in {index_dir} is whole: {len(loaded.documents)} documents, "
               f"{len(loaded.passages)} passages, {len(loaded.manifest['files'])} files checked")


@index_app.command("status")
def index_status(
    as_json: bool = typer.Option(False, "--json", help="Print the status as JSON."),
    docs: Optional[Path] = DocsOption,
    index: Optional[Path] = IndexOption,
) -> None:
    """What is indexed, with which model, when, and whether the documents changed since."""
    from . import store

    docs_dir, index_dir = _paths(docs, index)
    try:
        manifest = store.read_manifest(index_dir)
        store.check_files(index_dir, manifest)
    except store.IndexError_ as exc:
        _fail(str(exc), 1)
    change = store.staleness(docs_dir, manifest) if docs_dir.is_dir() else None
    status = {
        "index": str(index_dir), "documents_folder": str(docs_dir),
        "documents": len(manifest["documents"]), "passages": manifest["passages"],
        "skipped": manifest.get("skipped", []),
        "model": manifest["model"]["id"], "dimension": manifest["model"]["dimension"],
        "faiss": manifest.get("faiss"), "built_at": manifest["built_at"],
        "up_to_date": None if change is None else not change.stale,
        "changes": None if change is None else {"added": change.added, "changed": change.changed,
                                                "removed": change.removed, "resplit": change.resplit,
                                                "reread": change.reread},
    }
    if as_json:
        typer.echo(json.dumps(status, ensure_ascii=False, indent=1))
        return
    typer.echo(f"index       {index_dir}\n"
               f"documents   {status['documents']} ({len(status['skipped'])} skipped) from {docs_dir}\n"
               f"passages    {status['passages']}\n"
               f"model       {status['model']} ({status['dimension']} dimensions, FAISS {status['faiss']})\n"
               f"built       {status['built_at']}")
    if change is None:
        typer.echo(f"state       documents folder {docs_dir} not found")
    else:
        typer.echo("state       " + ("up to date" if not change.stale else
                                     f"stale: {change.summary()} (run `qa index build`)"))


@app.command()
def show(
    where: str = typer.Argument(..., metavar="SOURCE[:LINE]",
                                help="A document as answers name it, with a line to centre on: report.pdf:12"),
    context: int = typer.Option(3, "--context", "-C", min=0, help="Lines to show before and after LINE."),
    index: Optional[Path] = IndexOption,
) -> None:
    """Print the text around a quoted place, numbered, from the index's own copy of the text
    (so it matches the offsets of answers, for pdf and docx too). Without LINE, the whole document.

    Example: qa show boc-chongqing-high-quality-financial-services.txt:12 --context 2
    """
    import difflib
    import fnmatch
    import re

    from . import store

    _, index_dir = _paths(None, index)
    try:
        documents, texts = store.read_texts(index_dir)
    except store.IndexError_ as exc:
        _fail(str(exc), 1)
    sources = [d.source for d in documents]
    name, line = where.strip(), None
    if name not in sources:
        name = re.sub(r"\s*\(page \d+\)$", "", name)  # pasted with the page, as answers print it
        match = re.fullmatch(r"(.+?):(\d+)", name)
        if match and match.group(1):
            name, line = match.group(1), int(match.group(2))
    found = [s for s in sources if s == name] or [s for s in sources if s.rsplit("/", 1)[-1] == name] \
        or [s for s in sources if s.endswith("/" + name)] or [s for s in sources if fnmatch.fnmatchcase(s, name)]
    if not found:
        close = difflib.get_close_matches(name, sources, n=3, cutoff=0.5)
        _fail(f"no indexed document {name!r}" + (f"; did you mean {', '.join(close)}?" if close else
                                                 " (`qa index status` lists the index)"), 2)
    if len(found) > 1:
        _fail(f"{name!r} matches {len(found)} documents: {', '.join(found[:5])}"
              + (", …" if len(found) > 5 else "") + "; give more of the path", 2)
    position = sources.index(found[0])
    entry, lines = documents[position], texts[position].split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not begin another
    if line is not None and not 1 <= line <= len(lines):
        _fail(f"{entry.source} has {len(lines)} lines, not {line}", 2)
    first, last = (1, len(lines)) if line is None else (max(1, line - context), min(len(lines), line + context))
    width = len(str(last))
    header = entry.source + (f":{line}" if line else "")
    if entry.page_starts and line:
        offset = sum(len(text) + 1 for text in lines[:line - 1])
        header += f" (page {sum(1 for start in entry.page_starts if start <= offset) or 1})"
    typer.echo(f"{header}  [lines {first}-{last} of {len(lines)}]")
    for number in range(first, last + 1):
        mark = ">" if number == line else " "
        typer.echo(f"{mark}{number:>{width}} | {lines[number - 1]}")


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _internal_error(exc: BaseException) -> str:
    return (f"internal error ({exc.__class__.__name__}: {_one_line(exc)[:200]}); please report it, "
            "with the traceback that QA_DEBUG=1 shows")


def main() -> None:
    """Console entry point: user errors become one line on stderr, never a traceback."""
    try:
        app()
    except UsageError as exc:
        typer.echo(f"qa: {_one_line(exc)}", err=True)
        sys.exit(2)
    except QAError as exc:
        typer.echo(f"qa: {_one_line(exc)}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("qa: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if isinstance(exc, UnicodeEncodeError) and exc.encoding.lower().replace("-", "") != "utf8":
            typer.echo(f"qa: cannot print {ascii(exc.object[exc.start:exc.end])} in this output's encoding "
                       f"({exc.encoding}); use a UTF-8 locale or set PYTHONIOENCODING=utf-8", err=True)
            sys.exit(1)
        if os.environ.get("QA_DEBUG"):
            raise
        typer.echo(f"qa: {_internal_error(exc)}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
