"""Offline for certain: building the index and answering never touch the network.

Two ways: in this process, with every network connection made impossible (and recorded, so that
a library that tries and quietly falls back is caught too); and, where the machine allows it, the
real command in a network namespace of its own (`unshare -rn`), where no network exists at all.
Neither sets HF_HUB_OFFLINE or the like: qa must not need them.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CREDIT_QUESTION = "How much cumulative credit has the bank provided to the Sichuan-Chongqing Gaozhu New Area?"
CREDIT_ANSWER = "460 million yuan"
OFFLINE_SWITCHES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE", "QA_DOCS", "QA_INDEX")


class NetworkUsed(OSError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way out of the machine raises, and is recorded."""
    attempts: list[str] = []

    def refuse(what):
        def refused(*args, **kwargs):
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}"[:200])
            raise NetworkUsed(101, f"network is disabled in this test ({what})")
        return refused

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(sock, address):
        if sock.family == socket.AF_UNIX:
            return real_connect(sock, address)
        return refuse("socket.connect")(sock, address)

    def connect_ex(sock, address):
        if sock.family == socket.AF_UNIX:
            return real_connect_ex(sock, address)
        return refuse("socket.connect_ex")(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    for name in OFFLINE_SWITCHES:
        monkeypatch.delenv(name, raising=False)
    return attempts


def test_the_guard_works(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("localhost", 80), timeout=1)  # refused by the guard, never sent
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9))
    assert len(no_network) == 2


def test_build_and_ask_in_process_without_network(no_network, tmp_path):
    from qa.api import QA, build

    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs, copy_function=shutil.copyfile)
    report = build(docs, tmp_path / "index", notify=lambda message: None)
    assert report.documents == 2 and report.passages > 0
    bot = QA(docs, tmp_path / "index", notify=lambda message: None)
    result = bot.ask(CREDIT_QUESTION)
    assert result.answered and result.answer.text == CREDIT_ANSWER
    assert no_network == [], f"tried the network: {no_network}"


# ---------------------------------------------------------------- in a namespace with no network

@functools.cache
def _unshare_works() -> str | None:
    """None when `unshare -rn` can run a command here, else why not."""
    if not shutil.which("unshare"):
        return "unshare is not installed"
    try:
        done = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare failed: {exc}"
    if done.returncode != 0:
        return f"unshare -rn is not allowed here: {done.stderr.decode(errors='replace').strip()}"
    return None


def _qa_command() -> list[str]:
    script = Path(sys.executable).with_name("qa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa.cli"]


def _offline_run(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_SWITCHES}
    env.update(NO_COLOR="1", QA_DEBUG="1")
    done = subprocess.run(["unshare", "-rn", *_qa_command(), *args], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=timeout)
    return done


@pytest.mark.skipif(_unshare_works() is not None, reason=str(_unshare_works()))
def test_the_namespace_has_no_network():
    # Interfaces, not a connection attempt: a test never sends traffic off this machine.
    probe = "import socket; print(' '.join(name for _, name in socket.if_nameindex()))"
    done = subprocess.run(["unshare", "-rn", sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.split() == ["lo"], (done.stdout, done.stderr)


@pytest.mark.skipif(_unshare_works() is not None, reason=str(_unshare_works()))
def test_build_and_ask_with_no_network_at_all(tmp_path):
    docs, index = tmp_path / "docs", tmp_path / "index"
    shutil.copytree(REPO / "docs", docs, copy_function=shutil.copyfile)
    built = _offline_run("index", "build", "--docs", str(docs), "--index", str(index))
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    asked = _offline_run("ask", "--docs", str(docs), "--index", str(index), CREDIT_QUESTION)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.splitlines()[0] == CREDIT_ANSWER and asked.stderr == ""
    batch = subprocess.run(["unshare", "-rn", *_qa_command(), "ask", "--json", "--docs", str(docs), "--index",
                            str(index), "-"], input=CREDIT_QUESTION + "\n", capture_output=True, text=True,
                           cwd=REPO, timeout=300)
    assert batch.returncode == 0 and json.loads(batch.stdout)["answer"]["text"] == CREDIT_ANSWER
