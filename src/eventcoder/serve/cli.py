"""The `eventcoder serve` command (heavy imports happen when it runs, not at CLI start)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated

import typer

from eventcoder.console import error_console
from eventcoder.store.cli import DbOption

TOKEN_ENV = "EVENTCODER_TOKEN"


def _read_token(path: Path | None) -> str | None:
    if path is None:
        return os.environ.get(TOKEN_ENV) or None
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise typer.BadParameter(
            f"cannot read {path}: {error}", param_hint="--token-file"
        ) from error
    if len(token) < 16:
        raise typer.BadParameter(
            f"the token in {path} is shorter than 16 characters; make a long random one, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))' > secrets/token`",
            param_hint="--token-file",
        )
    return token


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve_command(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(
            help="A file holding the bearer token that POST /api/documents needs (or set "
            f"${TOKEN_ENV}). Without one, writes are refused.",
            show_default=False,
        ),
    ] = None,
    tile_url: Annotated[
        str | None,
        typer.Option(
            help="A map tile URL template (https://{s}.example.org/{z}/{x}/{y}.png) shown under "
            "the events; by default only the packaged country outlines, nothing online.",
            show_default=False,
        ),
    ] = None,
    tile_attribution: Annotated[
        str, typer.Option(help="The attribution the tile provider requires.")
    ] = "",
    query_timeout: Annotated[
        float, typer.Option(help="Seconds a database query may run before it is cut (503).")
    ] = 10.0,
    max_body: Annotated[
        int, typer.Option(help="Largest request body accepted, in bytes (413 beyond).")
    ] = 2_000_000,
) -> None:
    """Serve the JSON API and the web page: a map of events, a timeline, filters, and each
    event's sources side by side with the sentence behind every value.

    Examples:

      eventcoder serve --db eventcoder.db          # http://127.0.0.1:8000 ; API docs at /docs

      eventcoder serve --db postgresql+psycopg://me@host/events --host 0.0.0.0 --token-file tok
    """
    import uvicorn

    from eventcoder.serve.app import ServeConfig, create_app
    from eventcoder.store.cli import _engine

    err = error_console()
    token = _read_token(token_file)
    engine = _engine(db, must_exist=True)
    app = create_app(
        ServeConfig(
            db=db,
            engine=engine,
            token=token,
            tile_url=tile_url,
            tile_attribution=tile_attribution,
            query_timeout=query_timeout,
            max_body_bytes=max_body,
        )
    )
    shown = f"[{host}]" if ":" in host else host
    err.print(
        f"eventcoder: the page at http://{shown}:{port}/ ; the API docs at /docs", highlight=False
    )
    if not token:
        err.print(
            "writes (POST /api/documents) are refused: no --token-file given", highlight=False
        )
    if not _loopback(host):
        err.print(
            f"[yellow]warning[/yellow] listening on {host}: anyone who can reach this machine can "
            "read the store; put it behind TLS (a reverse proxy) if the token crosses a network",
            highlight=False,
        )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        timeout_keep_alive=5,
        limit_concurrency=200,
        h11_max_incomplete_event_size=64 * 1024,
    )
