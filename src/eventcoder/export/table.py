"""A readable table of one result, for people at a terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from eventcoder.records import ExtractionResult


def result_table(result: ExtractionResult, title: str | None = None) -> Group:
    """The events, totals and figures of one document as rich renderables."""
    events = Table(title=title or result.document.id, show_lines=False, expand=False)
    for column in (
        "#",
        "date",
        "type / sub-type",
        "actor1",
        "actor2",
        "location",
        "lat, lon",
        "prec",
        "killed",
        "injured",
        "according to",
    ):
        events.add_column(column, overflow="fold")
    for number, event in enumerate(result.events, start=1):
        coordinates = (
            f"{event.latitude:.3f}, {event.longitude:.3f}"
            if event.latitude is not None and event.longitude is not None
            else ""
        )
        events.add_row(
            str(number),
            f"{event.event_date or ''} (tp {event.time_precision or '-'})",
            f"{event.event_type or ''} / {event.sub_event_type or ''}",
            event.actor1 or "",
            event.actor2 or "",
            ", ".join(x for x in (event.location, event.admin1, event.country) if x),
            coordinates,
            str(event.geo_precision or ""),
            "" if event.fatalities is None else str(event.fatalities),
            str(event.injured) if event.injured is not None else (event.injured_text or ""),
            event.attribution or "",
        )
    parts: list[Table | Text] = [events]
    for total in result.totals:
        state = "consistent" if total.consistent else "does NOT add up"
        parts.append(
            Text(
                f"total: {total.count} {total.kind} = sum of {len(total.parts)} events "
                f"({total.parts_sum}), {state}"
            )
        )
    for figure in result.figures:
        qualifier = f"{figure.qualifier} " if figure.qualifier else ""
        parts.append(
            Text(
                f"figure: {figure.kind} {qualifier}{figure.count:,} ({figure.status})"
                + (f", {figure.location}" if figure.location else "")
            )
        )
    for note in result.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    return Group(*parts)


def print_result(result: ExtractionResult, console: Console, title: str | None = None) -> None:
    console.print(result_table(result, title))
