"""Corpus readers: folders, JSON/JSONL/CSV with configurable fields, HTML, WARC, RSS/Atom."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from eventcoder.ingest.formats import FieldMap, read_corpus
from eventcoder.ingest.readers import InputProblem, document_id
from eventcoder.records import Document

ARTICLE = (
    "A car bomb exploded at a market in the Intisar neighbourhood of Mosul on Sunday, "
    "killing 12 civilians, police said. The blast came as Iraqi forces pressed their offensive "
    "against Islamic State in the east of the city."
)
PAGE = f"""<!doctype html><html><head><title>Car bomb kills 12 in Mosul | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2016-12-26T08:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Car bomb kills 12 in Mosul</h1>
<p>{ARTICLE}</p><p>Residents said the market had reopened only a week earlier.</p></article>
<footer>Copyright Example News</footer></body></html>"""


def _split(items: list[Document | InputProblem]) -> tuple[list[Document], list[InputProblem]]:
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, InputProblem)],
    )


def test_folder_of_mixed_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text(
        json.dumps({"text": ARTICLE + " Two more.", "published": "2016-12-26"})
        + "\nnot json\n"
        + json.dumps({"body": "no text field"})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "c.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE + " hidden", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored: unknown suffix in a folder", encoding="utf-8")
    docs, problems = _split(list(read_corpus([str(tmp_path), str(tmp_path / "missing.txt")])))
    assert len(docs) == 3
    assert {p.reason.split(":")[0] for p in problems} == {
        "invalid JSON",
        "record has no 'text' text",
        "no such file or folder",
    }
    page = next(d for d in docs if d.source_name and d.source_name.endswith("c.html"))
    assert page.published == date(2016, 12, 26)
    assert page.outlet == "Example News"
    assert "Intisar neighbourhood" in page.text and "Home | World" not in page.text
    plain = next(d for d in docs if d.source_name and d.source_name.endswith("a.txt"))
    assert plain.id == document_id(ARTICLE)


def test_csv_and_json_with_configured_fields(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_text(
        "story_id,body,pub_date,link\n"
        f'7,"{ARTICLE}",2016-12-26,https://news.example/7\n'
        '8,"",2016-12-26,https://news.example/8\n',
        encoding="utf-8",
    )
    (tmp_path / "list.json").write_text(
        json.dumps([{"body": ARTICLE + " Again.", "pub_date": "2016-12-25T10:00:00Z"}]),
        encoding="utf-8",
    )
    fields = FieldMap(text="body", published="pub_date", url="link", id="story_id")
    docs, problems = _split(list(read_corpus([str(tmp_path)], fields=fields)))
    assert len(docs) == 2 and len(problems) == 1 and "export.csv:3" in problems[0].source
    row = next(d for d in docs if d.url)
    assert (row.id, row.published, row.url) == ("7", date(2016, 12, 26), "https://news.example/7")
    assert next(d for d in docs if not d.url).published == date(2016, 12, 25)


def test_warc_responses(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
    from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body, kind in [
            ("https://news.example/mosul", PAGE, "text/html; charset=utf-8"),
            ("https://news.example/logo.png", "PNG", "image/png"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode()), http_headers=headers
            )
            writer.write_record(record)
    (tmp_path / "broken.warc").write_bytes(b"this is not a warc file at all\n" * 3)
    docs, problems = _split(list(read_corpus([str(tmp_path)])))
    assert len(docs) == 1
    assert docs[0].url == "https://news.example/mosul"
    assert docs[0].published == date(2016, 12, 26)
    assert "Intisar" in docs[0].text
    assert len(problems) == 1 and "broken.warc" in problems[0].source


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text(
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Car bomb in Mosul</title><link>https://wire.example/1</link>
<pubDate>Mon, 26 Dec 2016 08:00:00 GMT</pubDate>
<description>&lt;p&gt;{ARTICLE}&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://wire.example/2</link><description></description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    (tmp_path / "feed.atom").write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Mosul</title><link href="https://atom.example/a"/>
<updated>2016-12-25T18:00:00Z</updated><content type="text">{ARTICLE} Atom.</content></entry>
</feed>""",
        encoding="utf-8",
    )
    docs, problems = _split(list(read_corpus([str(tmp_path)])))
    assert len(docs) == 2 and len(problems) == 1
    rss = next(d for d in docs if d.outlet == "Example Wire")
    assert (rss.url, rss.published, rss.title) == (
        "https://wire.example/1",
        date(2016, 12, 26),
        "Car bomb in Mosul",
    )
    assert rss.text.startswith("A car bomb") and "<p>" not in rss.text
    atom = next(d for d in docs if d.outlet == "Atom News")
    assert atom.published == date(2016, 12, 25) and atom.url == "https://atom.example/a"
