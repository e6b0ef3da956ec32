"""The consoles the commands print to."""

from __future__ import annotations

from rich.console import Console


def error_console() -> Console:
    """stderr, without rich's wrapping: one message a line, so that file names in error
    messages stay whole for people and for grep."""
    return Console(stderr=True, soft_wrap=True)
