from __future__ import annotations

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
