"""Property-based requests generated from the API's own OpenAPI schema (schemathesis): every
operation, valid and invalid inputs, must get an answer that matches the schema and never a 500.

Runs on a copy of the corpus store; the write endpoint gets the token and a fast stand-in
extractor (the real pipeline is exercised in test_serve.py), so generated texts that pass the
input checks are stored and merged for real.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from test_serve_corpus import corpus_store

from eventcoder.records import Document, DocumentInfo, ExtractionResult
from eventcoder.serve.app import ServeConfig, create_app

TOKEN = "schema-token-0123456789abcdef"


def quick_extractor(documents: list[Document]) -> Iterable[ExtractionResult]:
    return [ExtractionResult(document=DocumentInfo(id=d.id)) for d in documents]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    copy = tmp_path_factory.mktemp("schema") / "store.db"
    shutil.copy(corpus_store(tmp_path_factory), copy)
    app = create_app(
        ServeConfig(db=str(copy), token=TOKEN, extractor=quick_extractor, max_body_bytes=200_000)
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_schema_is_complete(api_schema: Any) -> None:
    raw = api_schema.raw_schema
    operations = {(path, method) for path, item in raw["paths"].items() for method in item}
    assert operations >= {
        ("/api/events", "get"),
        ("/api/events/points", "get"),
        ("/api/events/{event_id}", "get"),
        ("/api/documents/{document_id}", "get"),
        ("/api/documents", "post"),
        ("/api/aggregates/{dimension}", "get"),
        ("/api/export.csv", "get"),
        ("/api/export.geojson", "get"),
    }
    models = raw["components"]["schemas"]
    assert {"EventPage", "EventDetail", "SourceDetail", "DocumentDetail", "ErrorBody"} <= set(
        models
    )
    assert raw["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


# schemathesis' own pytest loader (from_fixture) does not run under pytest 9; drive hypothesis
# directly, operation by operation, with valid and with invalid data.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_answers_generated_requests_without_a_server_error(
    api_schema: Any, mode: GenerationMode
) -> None:
    checked = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            # A schema-valid article may still be refused for what it says (not English, fewer
            # than two words, dated in the future): JSON Schema cannot express that, so the
            # write is exempt from "valid data is accepted"; every other check applies.
            excluded = [positive_data_acceptance] if case.method == "POST" else []
            # Pydantic reads query values leniently (a number as a date is a Unix time, "1.0"
            # is the integer 1): such requests are answered, not refused, and that is fine.
            excluded.append(negative_data_rejection)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=excluded
                )

        try:
            run()
        except Unsatisfiable:
            # An operation with no parameters (GET /api/health) has no invalid input to make.
            assert mode is GenerationMode.NEGATIVE and not operation.query, operation.label
            continue
        checked += 1
    assert checked >= 8
