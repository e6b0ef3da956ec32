"""From one document to its events, totals and figures: the stages run in order over one Doc.

>>> from datetime import date
>>> from eventcoder import extract
>>> result = extract("Gunmen killed five villagers in Maiduguri on Sunday.",
...                  published=date(2015, 3, 3))
>>> result.events[0].fatalities
5
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from eventcoder.events.incidents import Incident, TotalGroup, find_totals, group_incidents
from eventcoder.events.typing import armed_target, type_incident
from eventcoder.events.violence import is_armed_violence
from eventcoder.ingest.readers import document_from_text
from eventcoder.mentions.attribution import Attribution, document_attributions
from eventcoder.mentions.casualties import CasualtyClause, find_casualty_clauses
from eventcoder.mentions.figures import find_figures
from eventcoder.mentions.places import PlaceMention, find_place_mentions
from eventcoder.mentions.quantities import find_quantities
from eventcoder.nlp import parse, parse_many
from eventcoder.nlp.model import doc_text
from eventcoder.nlp.truecase import restore_span_texts
from eventcoder.records import (
    PLACE_FIELDS,
    Document,
    DocumentInfo,
    Event,
    ExtractionResult,
    Figure,
    Modality,
    Quantity,
    Span,
    Total,
)
from eventcoder.resolve.actors import ActorMention, find_actors, resolve_generic
from eventcoder.resolve.dates import DateMention, find_dates, publication_fallback
from eventcoder.resolve.gazetteer import Gazetteer
from eventcoder.resolve.geo import (
    ResolvedPlace,
    choose_event_place,
    resolve_mentions,
    unlabelled_places,
    weighed_country_focus,
)
from eventcoder.resolve.placenames import display_name

_VICTIM_WORDS = {
    "militants": "militants",
    "soldiers": "soldiers",
    "police": "police officers",
    "civilians": "civilians",
    "unknown": "people",
}


@dataclass
class _Context:
    """What the stages found in one document, shared by the events built from it."""

    document: Document
    doc: Doc
    sentences: list[SpacySpan]
    quantities: list[Quantity]
    dates: list[DateMention]
    places: list[ResolvedPlace]
    actors: list[ActorMention]
    attributions: dict[int, Attribution]
    focus: tuple[str, str] | None


def extract(
    text: str,
    published: date | None = None,
    *,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> ExtractionResult:
    """Events, totals and figures of one article, every value tied to its text.

    ``country`` (a name or ISO code) is the country a collection is about: a hint for places
    when the text does not say (ACLED codes country by country), never an override.
    """
    document = document_from_text(
        text,
        published=published,
        url=url,
        outlet=outlet,
        title=title,
        doc_id=doc_id,
        country=country,
    )
    return extract_document(document, gazetteer=gazetteer)


def extract_document(
    document: Document, doc: Doc | None = None, gazetteer: Gazetteer | None = None
) -> ExtractionResult:
    """Run every stage over one `Document` (parsed here unless ``doc`` is given)."""
    return _extract(
        document, doc if doc is not None else parse(document.text), gazetteer or Gazetteer.default()
    )


def extract_documents(
    documents: Iterable[Document], gazetteer: Gazetteer | None = None, batch_size: int = 32
) -> Iterator[ExtractionResult]:
    """Many documents, parsed in batches with `nlp.pipe`."""
    gazetteer = gazetteer or Gazetteer.default()
    pending = list(documents) if not isinstance(documents, list) else documents
    for document, doc in zip(
        pending, parse_many((d.text for d in pending), batch_size), strict=True
    ):
        yield _extract(document, doc, gazetteer)


def _extract(document: Document, doc: Doc, gazetteer: Gazetteer) -> ExtractionResult:
    # A text in capitals was parsed in ordinary case (nlp.truecase): read that, offset for offset.
    text = doc_text(doc)
    recased = text != document.text
    sentences = list(doc.sents)
    sentence_texts = [s.text for s in sentences]
    quantities = find_quantities(text)
    dates = find_dates(text, document.published)
    quantities = [q for q in quantities if not any(_overlaps(q.span, d.span) for d in dates)]
    mentions = find_place_mentions(doc)
    demonyms = [e.text for e in doc.ents if e.label_ == "NORP"]
    # Named armed groups vote for their country too ("Boko Haram" -> Nigeria), as much as a
    # city abroad; it keeps "Mubi" or "Singer" from taking a story to another continent.
    unfocused = find_actors(text, None)
    group_countries = [
        m.actor.country
        for m in unfocused
        if not m.generic
        and not m.country_from_text  # its country is the places' own vote, counted there
        and m.actor.country
        # Foreign forces fight abroad: "US troops" says nothing of where the story is.
        and m.actor.inter not in ("State forces", "External/Other forces")
    ]
    # A state force's nationality ("Iraqi Army", "Syrian troops") weighs as a demonym does: the
    # model often tags such a phrase as an organisation, hiding the demonym.
    state_countries = [
        m.actor.country for m in unfocused if m.actor.country and m.actor.inter == "State forces"
    ]
    votes = demonyms + group_countries * 2 + state_countries
    focus, firm = weighed_country_focus(mentions, votes, gazetteer, default=document.country)
    focus_code = focus[0] if focus else None
    actors = resolve_generic(find_actors(text, focus[1] if focus else None))
    taken = [(a.span.start, a.span.end) for a in actors]
    mentions = sorted(
        mentions + unlabelled_places(doc, mentions, taken, gazetteer, focus_code),
        key=lambda m: m.span.start,
    )
    # Places are refused abroad only on firmer ground than a demonym: "a translator for US
    # forces was shot in Tikrit" is a story in Iraq.
    places = resolve_mentions(mentions, gazetteer, focus_code if firm else None, hint=focus_code)
    context = _Context(
        document=document,
        doc=doc,
        sentences=sentences,
        quantities=quantities,
        dates=dates,
        places=places,
        actors=actors,
        attributions=document_attributions(sentences),
        focus=focus,
    )
    clauses = find_casualty_clauses(doc, quantities)
    sentence_places: list[set[str]] = [set() for _ in sentences]
    for place in places:
        if place.place is not None and not place.is_country:
            sentence_places[place.mention.sentence_index].add(place.location or place.place.name)
    incidents = group_incidents(clauses, sentence_texts, sentence_places)
    total_groups = find_totals(incidents, sentence_texts)
    parent = {id(part): group for group in total_groups for part in group.parts}
    notes: list[str] = []
    events: list[Event] = []
    event_ids: dict[int, str] = {}
    claimed = {i for incident in incidents for i in incident.sentence_indexes}
    for incident in incidents:
        if incident.is_total:
            continue
        if not _is_conflict(context, incident):
            notes.append("a toll with no sign of armed violence (accident, disaster?) not coded")
            continue
        event = _build_event(
            context, incident, parent.get(id(incident)), len(events), notes, claimed
        )
        event_ids[id(incident)] = event.event_id
        events.append(event)
    totals = [t for group in total_groups for t in _build_totals(context, group, event_ids)]
    used = {(c.count.span.start, c.count.span.end) for c in clauses if c.count is not None}
    figures = _build_figures(context, clauses, used)
    if not events:
        notes.append("no armed-conflict event with casualties found")
    if recased:
        notes.append("text written in capitals: read in ordinary case")
    result = ExtractionResult(
        document=DocumentInfo.of(document),
        events=events,
        totals=totals,
        figures=figures,
        notes=sorted(set(notes), key=notes.index),
    )
    if recased:  # the evidence quotes the article as written
        restore_span_texts(result, document.text)
    return result


def _is_conflict(context: _Context, incident: Incident) -> bool:
    regions = [
        (context.sentences[i].start_char, context.sentences[i].end_char)
        for i in incident.sentence_indexes
    ]
    inters = [
        a.actor.inter
        for a in context.actors
        if _in_sentences(a.span, context, incident.sentence_indexes) and not a.generic
    ]
    victims = incident.clauses[0].victims
    return is_armed_violence(context.document.text, regions, victims, inters)


def _focus_spans(context: _Context) -> list[Span]:
    """Where the text names the focus country: a place in it, or an actor of it."""
    if context.focus is None:
        return []
    code, name = context.focus
    spans = [
        p.mention.span
        for p in context.places
        if p.place is not None and p.place.country_code == code
    ]
    spans.extend(a.span for a in context.actors if a.actor.country == name)
    return sorted(spans, key=lambda span: span.start)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _in_sentences(span: Span, context: _Context, indexes: list[int]) -> bool:
    return any(
        context.sentences[i].start_char <= span.start < context.sentences[i].end_char
        for i in indexes
    )


def _scope(incident: Incident, group: TotalGroup | None) -> list[list[int]]:
    """Where to look for a value, nearest first: the incident's sentences, its total's
    sentences, then the lead sentence."""
    scopes = [incident.sentence_indexes]
    if group is not None:
        scopes.append(group.total.sentence_indexes)
    scopes.append([0])
    return scopes


def _event_date(
    context: _Context,
    incident: Incident,
    group: TotalGroup | None,
    notes: list[str],
    claimed: set[int],
) -> tuple[date | None, int | None, list[Span]]:
    # the scene-setting sentences before the toll too ("The attack came early on Saturday
    # (23 July)"), not the later ones, which tell what followed ("his body was found on ...")
    first = min(incident.sentence_indexes)
    earlier = [[i] for i in range(first - 1, -1, -1) if i not in claimed]
    for indexes in _scope(incident, group) + earlier:
        found = [
            d for d in context.dates if not d.is_since and _in_sentences(d.span, context, indexes)
        ]
        if found:
            return found[0].date, found[0].time_precision, [found[0].span]
    if context.document.published is None:
        notes.append("no date in the text and no publication date: event_date is null")
        return None, None, []
    fallback_date, precision, note = publication_fallback(context.document.published)
    notes.append(note)
    return fallback_date, precision, []


def _wider_scope(
    context: _Context, incident: Incident, group: TotalGroup | None, claimed: set[int]
) -> list[list[int]]:
    """`_scope`, then the other sentences no other incident speaks of, nearest first: the
    earlier ones (a place is usually named before the toll), then the later ones."""
    scopes = _scope(incident, group)
    first, last = min(incident.sentence_indexes), max(incident.sentence_indexes)
    free = [i for i in range(len(context.sentences)) if i not in claimed]
    scopes.extend([i] for i in sorted((i for i in free if i < first), reverse=True))
    scopes.extend([i] for i in sorted(i for i in free if i > last))
    return scopes


def _event_place(
    context: _Context, incident: Incident, group: TotalGroup | None, claimed: set[int]
) -> tuple[ResolvedPlace | None, list[str]]:
    for indexes in _wider_scope(context, incident, group, claimed):
        here = [p for p in context.places if p.mention.sentence_index in indexes]
        chosen = choose_event_place(here)
        if chosen is not None:
            named = [p.mention.name for p in here if p.mention.relation == "neighbourhood"]
            return chosen, named
    return None, []


def _is_speaker(context: _Context, span: Span) -> bool:
    """Whether a span lies in a source's name ("the Joint Military Command said"): the one who
    reports an attack is not, for that, the one who carried it out."""
    return any(
        _overlaps(span, spoken)
        for attribution in context.attributions.values()
        for spoken in attribution.spans
    )


def _actor_at(actors: list[ActorMention], span: Span | None) -> ActorMention | None:
    if span is None:
        return None
    inside = [a for a in actors if _overlaps(a.span, span)]
    return inside[-1] if inside else None


def _event_actors(
    context: _Context, incident: Incident, main: CasualtyClause, scopes: list[list[int]]
) -> tuple[ActorMention | None, ActorMention | None]:
    """(actor1, actor2): who acted, and whose people were hit; the acting side may be named in
    a sentence around the toll ("Gunmen stormed a checkpoint. Four policemen were killed.")."""
    here = [a for a in context.actors if _in_sentences(a.span, context, incident.sentence_indexes)]
    victim = _actor_at(here, main.victim_span)
    agent = _actor_at(here, main.agent_span)
    for indexes in scopes:
        if agent is not None:
            break
        around = [
            a
            for a in context.actors
            if _in_sentences(a.span, context, indexes) and not _is_speaker(context, a.span)
        ]
        others = [a for a in around if victim is None or a.actor.name != victim.actor.name]
        others = [a for a in others if a.actor.inter != "Civilians"]
        non_generic = [a for a in others if not a.generic] or others
        agent = non_generic[0] if non_generic else None
    if agent is not None and victim is not None and agent.actor.name == victim.actor.name:
        agent = None
    return agent, victim


def _civilians(context: _Context) -> str:
    return f"Civilians ({context.focus[1]})" if context.focus else "Civilians"


def _build_event(
    context: _Context,
    incident: Incident,
    group: TotalGroup | None,
    number: int,
    notes: list[str],
    claimed: set[int],
) -> Event:
    """One event from an incident; ``claimed`` are the sentences of all incidents."""
    text = context.document.text
    clauses = incident.clauses
    killed = [c for c in clauses if c.kind == "killed"]
    injured = [c for c in clauses if c.kind == "injured"]
    main = (killed or clauses)[0]
    evidence: dict[str, list[Span]] = {}

    def cite(fields: list[str], spans: list[Span]) -> None:
        for name in fields:
            for span in spans:
                if span not in evidence.setdefault(name, []):
                    evidence[name].append(span)

    event_id = hashlib.sha1(f"{context.document.id}:{number}".encode()).hexdigest()[:16]
    event = Event(event_id=event_id)

    counted = [c for c in killed if c.count is not None]
    if counted:
        event.fatalities = sum(c.count.value for c in counted if c.count)
        event.fatalities_low = sum(c.count.low for c in counted if c.count)
        event.fatalities_high = sum(c.count.high for c in counted if c.count)
        qualifiers = [c.count.qualifier for c in counted if c.count and c.count.qualifier]
        event.fatalities_qualifier = "; ".join(qualifiers) or None
        spans = [s for c in counted if c.count for s in (c.count.span, c.trigger)]
        cite(["fatalities", "fatalities_low", "fatalities_high"], spans)
        if event.fatalities_qualifier:
            cite(["fatalities_qualifier"], [c.count.span for c in counted if c.count])
    update = incident.update
    if update is not None and update.count is not None and event.fatalities is not None:
        # A revised toll ("rose to 20", "later revised to 35") is the report's latest word; the
        # first figure stays as the range's other end.
        first, revised = event.fatalities, update.count.value
        event.fatalities = revised
        event.fatalities_low = min(first, update.count.low)
        event.fatalities_high = max(first, update.count.high)
        cite(
            ["fatalities", "fatalities_low", "fatalities_high"], [update.count.span, update.trigger]
        )
        notes.append("a revised toll is coded, the first figure kept as the range's other end")
    injured_counts = [c for c in injured if c.count is not None and not c.count.vague]
    if injured_counts:
        event.injured = sum(c.count.value for c in injured_counts if c.count)
        cite(["injured"], [s for c in injured_counts if c.count for s in (c.count.span, c.trigger)])
    vague_injured = [c for c in injured if c.count is None or c.count.vague]
    if vague_injured and event.injured is None and vague_injured[0].victim_span is not None:
        event.injured_text = vague_injured[0].victim_span.text
        cite(["injured_text"], [vague_injured[0].victim_span])
    if main.victims != "unknown" or main.victim_span is not None:
        event.victims = main.victims
        cite(["victims"], [main.victim_span or main.trigger])

    event.event_date, event.time_precision, date_spans = _event_date(
        context, incident, group, notes, claimed
    )
    # A date taken from the publication date has no words in the text: cite the clause it dates.
    cite(["event_date", "time_precision"], date_spans or [main.trigger])

    others = claimed - set(incident.sentence_indexes)
    chosen, neighbourhoods = _event_place(context, incident, group, others)
    if chosen is not None and chosen.place is not None:
        place = chosen.place
        event.country = place.country
        event.iso = place.country_code
        # ACLED's spelling: GeoNames' transliteration marks dropped ("Nīnawá" -> "Ninawa").
        event.admin1 = display_name(place.admin1)
        event.admin2 = display_name(place.admin2)
        event.location = display_name(chosen.location)
        event.latitude = place.latitude
        event.longitude = place.longitude
        event.geo_precision = chosen.geo_precision
        event.geonameid = place.geonameid
        event.place_mentions = neighbourhoods
        event.location_district = display_name(chosen.district_location)
        spans = [chosen.mention.span]
        if chosen.mention.container_span is not None:
            spans.append(chosen.mention.container_span)
        cite([f for f in PLACE_FIELDS if getattr(event, f) is not None], spans)
        if neighbourhoods:
            cite(
                ["place_mentions"],
                [
                    p.mention.span
                    for p in context.places
                    if p.mention.name in neighbourhoods
                    and p.mention.sentence_index in incident.sentence_indexes
                ],
            )
    elif context.focus is not None:
        # No place of its own: the country the article is about, cited where it is named.
        event.country, event.iso = context.focus[1], context.focus[0]
        cite(["country", "iso"], _focus_spans(context)[:1] or [main.sentence])

    agent, victim = _event_actors(
        context, incident, main, _wider_scope(context, incident, group, others)
    )
    if agent is not None:
        event.actor1, event.inter1 = agent.actor.name, agent.actor.inter
        cite(["actor1", "inter1"], [agent.span])
    if victim is not None:
        event.actor2, event.inter2 = victim.actor.name, victim.actor.inter
        cite(["actor2", "inter2"], [victim.span])
    elif main.victims == "civilians" and main.victim_span is not None:
        event.actor2, event.inter2 = _civilians(context), "Civilians"
        cite(["actor2", "inter2"], [main.victim_span])

    armed = {
        "State forces",
        "Rebel group",
        "Political militia",
        "Identity militia",
        "External/Other forces",
    }
    two_sides = event.inter1 in armed and event.inter2 in armed
    # The incident's sentences, then the free sentences just before it ("Fulani and soldiers
    # clashed at Adaka. Twenty were killed."), which set the scene the toll belongs to.
    before = [
        i
        for i in range(min(incident.sentence_indexes) - 1, -1, -1)
        if i not in claimed or i in incident.sentence_indexes
    ][:2]
    regions = [
        (context.sentences[i].start_char, context.sentences[i].end_char)
        for i in [*incident.sentence_indexes, *before]
    ]
    victims = "militants" if main.victims == "unknown" and event.inter2 in armed else main.victims
    explicit = main.victims == "civilians" and not (
        main.victim_span is not None
        and main.victim_span.text.lower().split()[-1] in ("people", "persons", "person")
    )
    target = armed_target(text, regions)
    if target is not None and not explicit and victims in ("unknown", "civilians"):
        # "A bomber struck an army checkpoint; four people died": the attack was on armed men.
        victims = event.victims = target[0]
        evidence["victims"] = [target[1]]
        if event.inter2 == "Civilians" and victim is None:
            event.actor2 = event.inter2 = None
            evidence.pop("actor2", None)
            evidence.pop("inter2", None)
    typing = type_incident(text, regions, victims, main.kind, two_sides, explicit, event.inter1)
    event.event_type, event.sub_event_type = typing.event_type, typing.sub_event_type
    cite(["event_type", "sub_event_type"], [typing.cue or main.trigger])

    attribution = next(
        (context.attributions[i] for i in incident.sentence_indexes if i in context.attributions),
        None,
    )
    if attribution is None and group is not None:
        attribution = next(
            (
                context.attributions[i]
                for i in group.total.sentence_indexes
                if i in context.attributions
            ),
            None,
        )
    if attribution is not None:
        event.attribution = attribution.source
        cite(["attribution"], attribution.spans)
    event.modality = main.modality
    event.notes = _summary(event)
    cite(["notes", "modality", "confidence"], [c.sentence for c in clauses[:1]])
    event.evidence = evidence
    event.confidence = _confidence(event, bool(date_spans))
    return event


def _summary(event: Event) -> str:
    """One sentence in ACLED's style: "On 25 December 2016, X killed 21 Y in Mosul (Nineveh)."""
    when = f"On {event.event_date:%-d %B %Y}, " if event.event_date else ""
    who = event.actor1 or "an unidentified actor"
    whom = event.actor2 or _VICTIM_WORDS.get(event.victims or "unknown", "people")
    where = ""
    if event.location:
        where = f" in {event.location}"
        if event.admin1 and event.admin1 != event.location:
            where += f" ({event.admin1})"
    toll = f"; {event.fatalities} killed" if event.fatalities is not None else ""
    hurt = f", {event.injured} injured" if event.injured is not None else ""
    kind = (event.sub_event_type or event.event_type or "event").lower()
    return f"{when}{kind}: {who} against {whom}{where}{toll}{hurt}."


def _confidence(event: Event, dated_in_text: bool) -> float:
    score = 0.4
    score += 0.2 if event.fatalities is not None else 0.0
    score += 0.15 if event.geo_precision in (1, 2) else 0.05 if event.geo_precision else 0.0
    score += 0.1 if dated_in_text else 0.0
    score += 0.1 if event.actor1 and event.actor2 else 0.0
    score += 0.05 if event.attribution else 0.0
    return round(min(score, 1.0), 2)


def _build_totals(context: _Context, group: TotalGroup, event_ids: dict[int, str]) -> list[Total]:
    """The stated total of killed (and of injured, when the summary gives one) over its parts."""
    totals: list[Total] = []
    for kind in ("killed", "injured"):
        stated = [c for c in group.total.clauses if c.kind == kind and c.count]
        if not stated:
            continue
        count = sum(c.count.value for c in stated if c.count)
        parts_sum = sum(
            c.count.value for p in group.parts for c in p.clauses if c.kind == kind and c.count
        )
        totals.append(
            Total(
                count=count,
                parts=[event_ids[id(p)] for p in group.parts if id(p) in event_ids],
                parts_sum=parts_sum,
                consistent=parts_sum == count,
                kind=kind,
                evidence=[span for c in stated if c.count for span in (c.count.span, c.trigger)],
            )
        )
    return totals


def _figure_location(context: _Context, sentence_index: int) -> str | None:
    """The town named in the figure's sentence, else the town the article keeps naming."""
    here = [
        p
        for p in context.places
        if p.mention.sentence_index == sentence_index and p.place and not p.is_country
    ]
    if here:
        return here[0].location
    towns = Counter(
        p.location
        for p in context.places
        if p.place and not p.is_country and p.geo_precision in (1, 2)
    )
    if towns:
        town, mentions = towns.most_common(1)[0]
        return town if mentions >= 2 else None
    return None


def _build_figures(
    context: _Context, clauses: list[CasualtyClause], used: set[tuple[int, int]]
) -> list[Figure]:
    figures: list[Figure] = []
    for clause in clauses:
        if clause.count is None or clause.negated:
            continue
        kind: str | None = None
        if clause.kind == "displaced":
            kind = "displaced"
        elif clause.cumulative and clause.kind in ("killed", "injured"):
            kind = f"cumulative_{clause.kind}"
        if kind is None:
            continue
        figures.append(
            _figure(
                context, kind, clause.count, clause.modality, clause.sentence_index, clause.trigger
            )
        )
    known = [(f.evidence[0].start, f.kind) for f in figures]
    for mention in find_figures(context.doc, context.quantities, used, known):
        figures.append(
            _figure(
                context,
                mention.kind,
                mention.quantity,
                mention.status,
                mention.sentence_index,
                mention.sentence,
            )
        )
    figures.sort(key=lambda f: f.evidence[0].start)
    return figures


def _figure(
    context: _Context,
    kind: str,
    quantity: Quantity,
    status: Modality,
    sentence_index: int,
    context_span: Span,
) -> Figure:
    """A figure with its place and source from its sentence; evidence: the number, then the
    words that make it a figure (the trigger, or the whole sentence)."""
    return Figure(
        kind=kind,
        count=quantity.value,
        qualifier=quantity.qualifier,
        status=status,
        location=_figure_location(context, sentence_index),
        attribution=_attribution_of(context, sentence_index),
        evidence=[quantity.span, context_span],
    )


def _attribution_of(context: _Context, sentence_index: int) -> str | None:
    found = context.attributions.get(sentence_index)
    return found.source if found else None


__all__ = ["PlaceMention", "extract", "extract_document", "extract_documents"]
