"""The peer: GDELT's count extraction as re-implemented by the ``gdelt-regkg`` package.

``gdelt-regkg`` needs Python >= 3.12 and eventcoder runs on 3.11, so the bench makes a venv
of its own with the machine's ``python3.12`` (on PATH, or under ``~/.pyenv/versions/3.12*``),
installs the pinned package there once, and calls `_peer_worker.py` through a subprocess with
JSON lines in and out. Without a Python 3.12, `PeerUnavailable` says so and the bench goes on
without the peer.

A document's peer counts are GDELT's KILL and WOUND mentions summed over the document (GDELT
lists one count per clause, as we list one event per incident), so they compare with our
summed fatalities and injuries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PEER_PACKAGE",
    "PeerCount",
    "PeerUnavailable",
    "default_venv_dir",
    "ensure_peer_python",
    "find_python312",
    "run_peer",
]

PEER_PACKAGE = "gdelt-regkg==2.1.2"
_WORKER = Path(__file__).with_name("_peer_worker.py")


class PeerUnavailable(RuntimeError):
    """The peer cannot run here (no Python 3.12, or its install failed); the message says why."""


@dataclass(frozen=True)
class PeerCount:
    kill: int
    kill_max: int
    wound: int


def _version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
        return int(out[0]), int(out[1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def find_python312() -> str | None:
    """A Python 3.12 interpreter of this machine: ``python3.12`` on PATH, then pyenv's."""
    candidates: list[str] = []
    on_path = shutil.which("python3.12")
    if on_path:
        candidates.append(on_path)
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += [
        str(p) for p in sorted((pyenv_root / "versions").glob("3.12*/bin/python3.12"), reverse=True)
    ]
    for python in candidates:
        if _version(python) == (3, 12):
            return python
    return None


def default_venv_dir() -> Path:
    """Where the peer's venv lives: ``$XDG_CACHE_HOME/eventcoder/`` (``~/.cache`` by default)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    name = PEER_PACKAGE.replace("==", "-") + "-py312"
    return cache / "eventcoder" / name


def ensure_peer_python(venv_dir: Path | None = None) -> Path:
    """The peer venv's python, made and installed on first use; raises `PeerUnavailable`."""
    venv = venv_dir or default_venv_dir()
    python = venv / "bin" / "python"
    ready = venv / ".installed"
    if python.exists() and ready.exists():
        return python
    base = find_python312()
    if base is None:
        raise PeerUnavailable(
            "no Python 3.12 on this machine (looked for python3.12 on PATH and under "
            "~/.pyenv/versions/3.12*): the peer gdelt-regkg needs Python >= 3.12"
        )
    try:
        if not python.exists():
            subprocess.run([base, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                PEER_PACKAGE,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise PeerUnavailable(
            f"could not install {PEER_PACKAGE} in {venv}: {detail.strip()[-400:]}"
        ) from error
    ready.write_text(PEER_PACKAGE + "\n", encoding="utf-8")
    return python


def run_peer(
    texts: Iterable[tuple[str, str]], python: Path, timeout: float = 1800
) -> tuple[dict[str, PeerCount], dict[str, str]]:
    """Counts of each ``(id, text)``, and the ids the peer failed on with the reason."""
    payload = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in texts)
    try:
        done = subprocess.run(
            [str(python), "-I", str(_WORKER)],
            input=payload,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise PeerUnavailable(f"the peer worker failed: {str(detail).strip()[-400:]}") from error
    counts: dict[str, PeerCount] = {}
    failed: dict[str, str] = {}
    for line in done.stdout.splitlines():
        if not line.strip():
            continue
        answer = json.loads(line)
        if "error" in answer:
            failed[str(answer.get("id"))] = str(answer["error"])
        else:
            counts[str(answer["id"])] = PeerCount(
                kill=int(answer["kill"]),
                kill_max=int(answer["kill_max"]),
                wound=int(answer["wound"]),
            )
    return counts, failed
