"""The `eventcoder extract` command as a user runs it: real files, real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

ARTICLE = (
    "Gunmen killed 9 villagers in Konduga on Sunday, police said. "
    "In a separate attack, a roadside bomb killed 4 soldiers near Bama."
)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventcoder.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("articles") / "borno.txt"
    path.write_text(ARTICLE)
    return path


def test_table_output(article):
    done = run("extract", str(article), "--published", "2015-02-02")
    assert done.returncode == 0, done.stderr
    assert "Konduga" in done.stdout and "killed" in done.stdout


def test_json_is_the_design_record(article):
    done = run("extract", str(article), "--published", "2015-02-02", "--format", "json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert set(record) == {"document", "events", "totals", "figures", "notes"}
    assert sorted(e["fatalities"] for e in record["events"]) == [4, 9]
    assert record["events"][0]["event_date"] == "2015-02-01"


def test_stdin_jsonl_one_object_per_document():
    lines = "\n".join(
        json.dumps(x)
        for x in [
            {
                "id": "a",
                "text": ARTICLE,
                "published": "2015-02-02",
                "url": "http://example.org/a",
                "outlet": "Example",
            },
            {
                "id": "b",
                "text": "Soldiers killed 6 militants near Gao on Monday.",
                "published": "2015-02-03",
            },
        ]
    )
    done = run("extract", "-", "--format", "jsonl", stdin=lines)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["document"]["id"] for r in records] == ["a", "b"]
    assert records[0]["document"]["outlet"] == "Example"


def test_csv_has_acled_columns_first(article):
    done = run("extract", str(article), "--published", "2015-02-02", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    header = done.stdout.splitlines()[0].split(",")
    assert header[:3] == ["event_id_cnty", "event_date", "year"] and len(header) >= 31
    assert sorted(int(r["fatalities"]) for r in rows) == [4, 9]


def test_html_input(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Attack</title><meta property='article:published_time' "
        "content='2015-02-02T10:00:00Z'><script>var x = 'killed 99 people';</script></head>"
        f"<body><nav>Home</nav><p>{ARTICLE}<p>unclosed <b>tags"
    )
    done = run("extract", str(page), "--format", "json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["document"]["published"] == "2015-02-02"
    assert sorted(e["fatalities"] for e in record["events"]) == [4, 9]


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path, article):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    huge = tmp_path / "huge.txt"
    huge.write_text(("Gunmen killed 3 people in a village. " * 600_000)[:20_000_000])
    nosentence = tmp_path / "numbers.txt"
    nosentence.write_text("12 34 56 --- 78 ...\n")
    french = tmp_path / "french.txt"
    french.write_text(
        "Des hommes armés ont tué neuf villageois dimanche dans le nord du pays, selon la police "
        "locale, qui ajoute que les assaillants ont pris la fuite."
    )
    done = run(
        "extract",
        str(empty),
        str(binary),
        str(huge),
        str(nosentence),
        str(french),
        str(article),
        str(tmp_path / "missing.txt"),
        "--format",
        "jsonl",
        "--published",
        "2015-02-02",
    )
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 1  # the good article was still processed
    err = done.stderr
    for path, reason in [
        (empty, "empty"),
        (binary, "binary"),
        (huge, "too large"),
        (nosentence, "no sentence"),
        (french, "not English"),
        (tmp_path / "missing.txt", "no such file"),
    ]:
        assert str(path) in err and reason in err, (path, reason, err)


def test_future_publication_date_is_refused_with_reason(article):
    done = run("extract", str(article), "--published", "2999-01-01")
    assert done.returncode == 1
    assert "in the future" in done.stderr


def test_help_explains():
    done = run("extract", "--help")
    assert done.returncode == 0 and "--published" in done.stdout and "jsonl" in done.stdout


def test_folder_and_csv_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "rows.csv").write_text(
        "id,text,published\nrow-1,Soldiers killed 6 militants near Gao on Monday.,2015-02-03\n"
    )
    done = run("extract", str(tmp_path), "--format", "jsonl", "--published", "2015-02-02")
    assert done.returncode == 0, done.stderr
    ids = {json.loads(line)["document"]["id"] for line in done.stdout.splitlines()}
    assert "row-1" in ids and len(ids) == 2
