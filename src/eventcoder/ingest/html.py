"""Main text and metadata of an HTML page, with the standard library's tolerant parser."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article"}
_SKIP_TAGS = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "svg"}
_DATE_META = {
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "og:published_time",
}


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = {key.lower(): value or "" for key, value in attrs}
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key and values.get("content"):
                self.meta.setdefault(key.lower(), values["content"])
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skip_depth:
            self.parts.append(data)


class HtmlPage:
    """What an HTML page gives eventcoder: its text, title, publication date, outlet."""

    def __init__(self, text: str, title: str | None, published: str | None, outlet: str | None):
        self.text = text
        self.title = title
        self.published = published
        self.outlet = outlet


def read_html(markup: str) -> HtmlPage:
    """Extract readable text from (possibly broken) HTML.

    >>> read_html("<html><title>T</title><p>Five were killed.<p>Two hurt").text
    'Five were killed.\\nTwo hurt'
    """
    reader = _PageReader()
    reader.feed(markup)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(reader.title_parts).split()) or None
    published = next((reader.meta[key] for key in _DATE_META if key in reader.meta), None)
    outlet = reader.meta.get("og:site_name")
    return HtmlPage(text=text, title=title, published=published, outlet=outlet)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<p>" in head and "</" in head)
