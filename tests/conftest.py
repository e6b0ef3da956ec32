from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from eventcoder.records import ExtractionResult

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found next to the repository ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def run_extract():
    """extract() with the default gazetteer, shared by all tests of the session."""
    from eventcoder import extract

    def run(text: str, published: date | None = date(2016, 12, 26)) -> ExtractionResult:
        return extract(text, published=published)

    return run


def assert_spans_exact(text: str, result: ExtractionResult) -> None:
    """Every span of a result slices the text exactly, and every non-null event field has one."""
    for event in result.events:
        for field, value in event.model_dump(
            exclude={"evidence", "event_id", "place_mentions", "modality", "confidence", "notes"}
        ).items():
            if value is not None:
                assert event.evidence.get(field), f"{field}={value!r} has no evidence"
        for spans in event.evidence.values():
            for span in spans:
                assert text[span.start : span.end] == span.text
    for item in [*result.totals, *result.figures]:
        assert item.evidence
        for span in item.evidence:
            assert text[span.start : span.end] == span.text


PG_ENV = "EVENTCODER_TEST_PG_URL"


def skip_loudly(message: str, label: str = "POSTGRESQL TESTS SKIPPED") -> None:
    """Skip with a warning too, so that pytest's summary says what did not run and why."""
    import warnings

    message = f"{label}: {message}"
    warnings.warn(message, UserWarning, stacklevel=2)
    pytest.skip(message)


@contextmanager
def fresh_pg_database(prefix: str, label: str = "POSTGRESQL TESTS SKIPPED") -> Iterator[str]:
    """The URL of a new, empty database on the test server (`.ci/postgres.sh`), dropped
    afterwards; skips loudly when no server is configured or reachable."""
    import os
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = os.environ.get(PG_ENV)
    if not admin:
        skip_loudly(f'{PG_ENV} is not set; run `eval "$(bash .ci/postgres.sh)"` first', label)
    assert admin is not None
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        skip_loudly(f"cannot reach the server at {admin}: {type(error).__name__}: {error}", label)
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
