/* eventcoder's page: a map, a timeline and a list of events; each event's sources side by side
 * with the sentence behind every value highlighted.
 *
 * Article text, titles, outlets and URLs are untrusted. They only ever reach the page through
 * textContent, DOM nodes and setAttribute on safe attributes (links only for http/https URLs);
 * nothing from the API is passed to innerHTML. The server's Content-Security-Policy forbids
 * inline and foreign scripts as a second line of defence.
 */
"use strict";

(function () {
  const TYPE_COLORS = {
    "Battles": "#c62828",
    "Explosions/Remote violence": "#ef6c00",
    "Violence against civilians": "#6a1b9a",
    "Protests": "#2e7d32",
    "Riots": "#6d4c41",
    "Strategic developments": "#1565c0",
  };
  const OTHER_COLOR = "#607d8b";
  const PAGE = 100;
  // The values an analyst checks, the evidence keys that back each, and its highlight class.
  const CHECKED = [
    { label: "Deaths", field: "fatalities", keys: ["fatalities", "fatalities_qualifier"], cls: "ev-fatalities" },
    { label: "Injured", field: "injured", keys: ["injured", "injured_text"], cls: "ev-injured" },
    { label: "Date", field: "event_date", keys: ["event_date"], cls: "ev-date" },
    { label: "Place", field: "location", keys: ["location", "place_mentions"], cls: "ev-place" },
    { label: "Actor 1", field: "actor1", keys: ["actor1"], cls: "ev-actor" },
    { label: "Actor 2", field: "actor2", keys: ["actor2"], cls: "ev-actor" },
    { label: "Type", field: "sub_event_type", keys: ["sub_event_type", "event_type"], cls: "ev-type" },
    { label: "Source says", field: "attribution", keys: ["attribution"], cls: "ev-attribution" },
  ];
  const FIELD_CLASS = {};
  CHECKED.forEach((c) => c.keys.forEach((k) => { FIELD_CLASS[k] = FIELD_CLASS[k] || c.cls; }));

  const form = document.getElementById("filters");
  const statusBox = document.getElementById("status");
  const list = document.getElementById("event-list");
  const more = document.getElementById("more");
  const sortSelect = document.getElementById("sort");
  const detail = document.getElementById("detail");
  let offset = 0;
  let selectedId = null;
  let markers = new Map();
  let fitted = false;
  let loadToken = 0;

  // --- small helpers ----------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function fill(node, ...children) {
    node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
    return node;
  }

  function fmt(n) {
    return n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US");
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function color(type) {
    return TYPE_COLORS[type] || OTHER_COLOR;
  }

  function radius(fatalities) {
    return Math.min(28, 4 + 2.4 * Math.sqrt(Math.max(0, fatalities || 0)));
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw new Error((body && body.message) || "the server answered " + response.status);
    }
    return body;
  }

  function showStatus(message, isError) {
    statusBox.textContent = message || "";
    statusBox.className = isError ? "error" : "";
  }

  // --- filters ----------------------------------------------------------------------------

  function params() {
    const p = new URLSearchParams();
    for (const name of ["since", "until", "country", "admin1", "event_type", "actor", "min_fatalities"]) {
      const value = (form.elements[name].value || "").trim();
      if (value) p.set(name, value);
    }
    if (form.elements.in_view.checked) {
      const b = map.getBounds();
      const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));
      const west = clamp(b.getWest(), -180, 180);
      const east = clamp(b.getEast(), -180, 180);
      p.set("bbox", [west, clamp(b.getSouth(), -90, 90), east, clamp(b.getNorth(), -90, 90)]
        .map((x) => x.toFixed(4)).join(","));
    }
    return p;
  }

  function restoreFilters() {
    const p = new URLSearchParams(window.location.search);
    for (const name of ["since", "until", "admin1", "event_type", "actor", "min_fatalities"]) {
      if (p.has(name)) form.elements[name].value = p.get(name);
    }
    if (p.has("country")) {
      const value = p.get("country");
      const select = form.elements.country;
      if (![...select.options].some((o) => o.value === value)) select.append(el("option", { value, text: value }));
      select.value = value;
    }
    if (p.has("sort")) sortSelect.value = p.get("sort");
  }

  function remember(p) {
    const shown = new URLSearchParams(p);
    shown.delete("bbox");
    if (sortSelect.value !== "-date") shown.set("sort", sortSelect.value);
    const query = shown.toString();
    const hash = selectedId ? "#event=" + encodeURIComponent(selectedId) : "";
    history.replaceState(null, "", (query ? "?" + query : window.location.pathname) + hash);
    document.getElementById("export-csv").href = "/api/export.csv" + (p.toString() ? "?" + p : "");
    document.getElementById("export-geojson").href = "/api/export.geojson" + (p.toString() ? "?" + p : "");
  }

  // --- the map ----------------------------------------------------------------------------

  const map = L.map("map", { preferCanvas: true, worldCopyJump: true, minZoom: 2, maxZoom: 14 })
    .setView([20, 20], 2);
  const tileUrl = document.body.dataset.tileUrl;
  if (tileUrl) {
    L.tileLayer(tileUrl, { attribution: document.body.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
  }
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Countries: Natural Earth");
  const pointLayer = L.layerGroup().addTo(map);

  fetch("/static/vendor/world-atlas/countries-110m.json")
    .then((r) => r.json())
    .then((world) => {
      const countries = topojson.feature(world, world.objects.countries);
      const outline = L.geoJSON(countries, {
        interactive: false,
        style: {
          color: "#8795a1", weight: 0.8, fillColor: tileUrl ? "transparent" : "#f4f1ea",
          fillOpacity: tileUrl ? 0 : 1,
        },
      }).addTo(map);
      outline.bringToBack();
      document.body.dataset.countries = String(countries.features.length);
    })
    .catch(() => showStatus("country outlines could not be loaded", true));

  function legend() {
    const box = document.getElementById("legend");
    box.replaceChildren(
      ...Object.entries(TYPE_COLORS).map(([name, c]) =>
        el("span", { class: "legend-item" }, el("i", { style: "background:" + c }), name)),
      el("span", { class: "legend-item size" }, el("i", { class: "size-small" }), el("i", { class: "size-big" }),
        "size: deaths"),
    );
  }

  function tooltipFor(point) {
    return el("div", { class: "tip" },
      el("strong", { text: (point.event_date || "undated") + " · " + (point.event_type || "untyped") }),
      el("div", { text: fmt(point.fatalities) + " deaths" }));
  }

  function drawPoints(set) {
    pointLayer.clearLayers();
    markers = new Map();
    const bounds = [];
    // Smaller circles on top: draw the deadliest first.
    for (const point of set.points) {
      const marker = L.circleMarker([point.latitude, point.longitude], {
        radius: radius(point.fatalities),
        color: "#263238",
        weight: 0.7,
        fillColor: color(point.event_type),
        fillOpacity: 0.72,
      });
      marker.bindTooltip(() => tooltipFor(point), { direction: "top" });
      marker.on("click", () => openEvent(point.event_id));
      marker.addTo(pointLayer);
      markers.set(point.event_id, marker);
      bounds.push([point.latitude, point.longitude]);
    }
    if (!form.elements.in_view.checked && bounds.length && !fitted) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 9 });
      fitted = true;
    }
    highlightMarker(selectedId);
  }

  function highlightMarker(id) {
    markers.forEach((marker, key) => {
      marker.setStyle(key === id ? { color: "#000", weight: 3 } : { color: "#263238", weight: 0.7 });
    });
    const chosen = id && markers.get(id);
    if (chosen) chosen.bringToFront();
  }

  // --- the timeline -----------------------------------------------------------------------

  const svgNS = "http://www.w3.org/2000/svg";
  let timelineDays = [];

  function svg(tag, attrs) {
    const node = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function dayNumber(iso) {
    return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000);
  }

  function isoOf(n) {
    return new Date(n * 86400000).toISOString().slice(0, 10);
  }

  function drawTimeline(buckets) {
    timelineDays = buckets;
    const chart = document.getElementById("timeline-chart");
    const width = chart.clientWidth || 800;
    const height = chart.clientHeight || 110;
    chart.replaceChildren();
    chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
    if (!buckets.length) {
      const t = svg("text", { x: 12, y: height / 2, class: "empty" });
      t.textContent = "no dated events for these filters";
      chart.append(t);
      return;
    }
    const left = 40, right = 44, top = 8, bottom = 20;
    const first = dayNumber(buckets[0].key), last = dayNumber(buckets[buckets.length - 1].key);
    const span = Math.max(1, last - first + 1);
    const x = (d) => left + ((d - first) / span) * (width - left - right);
    const barW = Math.max(1, (width - left - right) / span - (span < 120 ? 1 : 0));
    const maxEvents = Math.max(...buckets.map((b) => b.events));
    const maxDeaths = Math.max(1, ...buckets.map((b) => b.fatalities));
    const yE = (v) => height - bottom - (v / maxEvents) * (height - top - bottom);
    const yF = (v) => height - bottom - (v / maxDeaths) * (height - top - bottom);
    const axis = svg("line", { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom, class: "axis" });
    chart.append(axis);
    for (const b of buckets) {
      const d = dayNumber(b.key);
      const rect = svg("rect", {
        x: x(d), y: yE(b.events), width: barW, height: Math.max(1, height - bottom - yE(b.events)), class: "bar",
      });
      const title = svg("title");
      title.textContent = `${b.key}: ${b.events} events, ${b.fatalities} deaths`;
      rect.append(title);
      chart.append(rect);
    }
    // Deaths per day, zero on days without events (so the line never bridges a gap).
    const deathsOn = new Map(buckets.map((b) => [dayNumber(b.key), b.fatalities]));
    const step = Math.max(1, Math.floor(span / 3000));
    const path = [];
    for (let d = first; d <= last; d += step) {
      path.push(`${path.length ? "L" : "M"}${(x(d) + barW / 2).toFixed(1)},${yF(deathsOn.get(d) || 0).toFixed(1)}`);
    }
    chart.append(svg("path", { d: path.join(""), class: "deaths" }));
    const labels = [
      [left - 4, top + 8, "end", fmt(maxEvents), "axis-events"],
      [width - right + 4, top + 8, "start", fmt(maxDeaths), "axis-deaths"],
    ];
    for (const [lx, ly, anchor, text, cls] of labels) {
      const t = svg("text", { x: lx, y: ly, "text-anchor": anchor, class: cls });
      t.textContent = text;
      chart.append(t);
    }
    const ticks = Math.min(8, span);
    for (let i = 0; i <= ticks; i++) {
      const d = Math.round(first + (i * (span - 1)) / Math.max(1, ticks));
      const t = svg("text", { x: x(d) + barW / 2, y: height - 5, "text-anchor": "middle", class: "tick" });
      t.textContent = isoOf(d);
      chart.append(t);
    }
    const brush = svg("rect", { x: 0, y: top, width: 0, height: height - top - bottom, class: "brush" });
    chart.append(brush);
    let start = null;
    const dayAt = (event) => {
      const box = chart.getBoundingClientRect();
      const px = ((event.clientX - box.left) / box.width) * width;
      return Math.min(last, Math.max(first, Math.floor(first + ((px - left) / (width - left - right)) * span)));
    };
    chart.onmousedown = (event) => { start = dayAt(event); event.preventDefault(); };
    chart.onmousemove = (event) => {
      const d = dayAt(event);
      const bucket = buckets.find((b) => dayNumber(b.key) === d);
      document.getElementById("timeline-readout").textContent =
        isoOf(d) + ": " + (bucket ? `${bucket.events} events, ${fmt(bucket.fatalities)} deaths` : "no events");
      if (start === null) return;
      const a = Math.min(start, d), b = Math.max(start, d);
      brush.setAttribute("x", x(a));
      brush.setAttribute("width", Math.max(2, x(b + 1) - x(a)));
    };
    chart.onmouseup = (event) => {
      if (start === null) return;
      const d = dayAt(event);
      form.elements.since.value = isoOf(Math.min(start, d));
      form.elements.until.value = isoOf(Math.max(start, d));
      start = null;
      load();
    };
  }

  // --- the list ---------------------------------------------------------------------------

  function listItem(event) {
    const place = [event.location, event.admin1, event.country].filter(Boolean).join(", ");
    const actors = [event.actor1, event.actor2].filter(Boolean).join(" vs ");
    const item = el("li", { "data-event-id": event.event_id, tabindex: "0", class: event.event_id === selectedId ? "selected" : null },
      el("i", { class: "dot", style: "background:" + color(event.event_type) }),
      el("div", { class: "line1" },
        el("span", { class: "date", text: event.event_date || "undated" }),
        el("span", { class: "type", text: event.sub_event_type || event.event_type || "untyped" }),
        el("span", { class: "deaths", title: "deaths", text: fmt(event.fatalities) })),
      el("div", { class: "line2", text: place || "unplaced" }),
      el("div", { class: "line3" },
        el("span", { class: "actors", text: actors }),
        el("span", { class: "nsources", text: event.n_sources + (event.n_sources === 1 ? " source" : " sources") })),
    );
    item.addEventListener("click", () => openEvent(event.event_id));
    item.addEventListener("keydown", (e) => { if (e.key === "Enter") openEvent(event.event_id); });
    item.addEventListener("mouseenter", () => { const m = markers.get(event.event_id); if (m) m.openTooltip(); });
    item.addEventListener("mouseleave", () => { const m = markers.get(event.event_id); if (m) m.closeTooltip(); });
    return item;
  }

  async function loadPage(p, append, token) {
    const query = new URLSearchParams(p);
    query.set("limit", PAGE);
    query.set("offset", offset);
    query.set("sort", sortSelect.value);
    const page = await getJSON("/api/events?" + query);
    if (token !== loadToken) return null;
    if (!append) list.replaceChildren();
    page.events.forEach((event) => list.append(listItem(event)));
    offset += page.events.length;
    more.hidden = offset >= page.total;
    more.textContent = `Show more (${fmt(page.total - offset)} left)`;
    return page;
  }

  async function load() {
    const token = ++loadToken;
    const p = params();
    remember(p);
    showStatus("loading…");
    offset = 0;
    if (!form.elements.in_view.checked) fitted = false;
    try {
      const [points, page, days] = await Promise.all([
        getJSON("/api/events/points?" + p),
        loadPage(p, false, token),
        getJSON("/api/aggregates/day?" + p),
      ]);
      if (token !== loadToken || page === null) return;
      drawPoints(points);
      drawTimeline(days.buckets);
      const deaths = days.buckets.reduce((sum, b) => sum + b.fatalities, 0);
      const summary = document.getElementById("summary");
      fill(summary,
        el("strong", { text: fmt(page.total) }), " events · ",
        el("strong", { text: fmt(deaths) }), " deaths",
        points.truncated ? el("span", { class: "note", text: ` · map shows the ${fmt(points.points.length)} deadliest` }) : null,
      );
      showStatus("");
    } catch (error) {
      if (token === loadToken) showStatus(error.message, true);
    }
  }

  async function loadCountries() {
    try {
      const data = await getJSON("/api/aggregates/country");
      const select = form.elements.country;
      const current = select.value;
      for (const b of data.buckets) {
        if (!b.key || [...select.options].some((o) => o.value === b.key)) continue;
        select.append(el("option", { value: b.key, text: `${b.key} (${fmt(b.events)})` }));
      }
      select.value = current;
    } catch (error) {
      showStatus(error.message, true);
    }
  }

  async function loadAdmin1() {
    const p = new URLSearchParams();
    if (form.elements.country.value) p.set("country", form.elements.country.value);
    try {
      const data = await getJSON("/api/aggregates/admin1?" + p);
      document.getElementById("admin1-options").replaceChildren(
        ...data.buckets.filter((b) => b.key).map((b) => el("option", { value: b.key })));
    } catch (error) {
      showStatus(error.message, true);
    }
  }

  // --- one event and its sources ------------------------------------------------------------

  /* A sentence with the given spans (document offsets) wrapped in <mark>; text nodes only.
   * Where spans overlap, each character shows the most important one (deaths first), so a
   * number inside a longer actor phrase ("35 people") stays marked as the toll. */
  function highlighted(sentence, spans) {
    const node = el("q", { class: "sentence" });
    const length = sentence.end - sentence.start;
    const owner = new Int32Array(length).fill(-1);
    const ranked = spans
      .map((s, i) => ({ ...s, i }))
      .filter((s) => s.end > s.start && s.end > sentence.start && s.start < sentence.end)
      .sort((a, b) => (a.rank || 0) - (b.rank || 0) || a.start - b.start);
    for (const span of ranked) {
      const lo = Math.max(span.start, sentence.start) - sentence.start;
      const hi = Math.min(span.end, sentence.end) - sentence.start;
      for (let k = lo; k < hi; k++) if (owner[k] === -1) owner[k] = span.i;
    }
    let at = 0;
    while (at < length) {
      let stop = at + 1;
      while (stop < length && owner[stop] === owner[at]) stop++;
      const piece = sentence.text.slice(at, stop);
      if (owner[at] === -1) node.append(document.createTextNode(piece));
      else {
        const span = spans[owner[at]];
        node.append(el("mark", { class: "ev " + span.cls, title: span.title || null, text: piece }));
      }
      at = stop;
    }
    return node;
  }

  function valueOf(source, field) {
    if (field === "fatalities") {
      const f = source.fatalities;
      if (f === null || f === undefined) return null;
      const range = source.fatalities_high !== null && source.fatalities_high !== undefined && source.fatalities_high !== f
        ? ` (${fmt(source.fatalities_low)}–${fmt(source.fatalities_high)})` : "";
      return fmt(f) + range + (source.fatalities_qualifier ? ` “${source.fatalities_qualifier}”` : "");
    }
    if (field === "location") {
      return [source.location, source.admin1, source.country].filter(Boolean).join(", ") || null;
    }
    if (field === "injured" && (source.injured === null || source.injured === undefined)) {
      return source.injured_text || null;
    }
    const v = source[field];
    return v === null || v === undefined || v === "" ? null : String(v);
  }

  const LABELS = {
    fatalities: "deaths", event_date: "date", event_type: "event type", sub_event_type: "type",
    country: "country", admin1: "admin1", location: "place", injured: "injured", actor1: "actor 1",
    actor2: "actor 2",
  };

  function sourceCard(source, disagreeing) {
    const doc = source.document || {};
    const href = doc.url ? safeUrl(doc.url) : null;
    const used = (source.used_for || []).filter((f) => CHECKED.some((c) => c.field === f));
    const heading = el("div", { class: "source-head" },
      el("div", { class: "outlet", text: doc.outlet || doc.source_name || "unknown outlet" }),
      el("div", { class: "published", text: doc.published ? "published " + doc.published : "no publication date" }),
      doc.title ? el("div", { class: "doc-title", text: doc.title }) : null,
      href ? el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow", class: "url", text: doc.url }) :
        (doc.url ? el("div", { class: "url", text: doc.url }) : null),
      used.length ? el("div", { class: "used", text: "the event's " + used.map((f) => LABELS[f] || f).join(", ") + " come from this source" }) : null,
    );
    const evidence = source.evidence || {};
    const table = el("table", { class: "checks" });
    const spans = [];
    const sentences = [];
    for (const check of CHECKED) {
      const value = valueOf(source, check.field);
      const differs = disagreeing.has(check.field) || (check.field === "location" && disagreeing.has("admin1"));
      let found = 0;
      for (const key of check.keys) {
        for (const s of evidence[key] || []) {
          spans.push({ ...s, cls: check.cls + " f-" + check.field, title: check.label, rank: CHECKED.indexOf(check) });
          if (!sentences.some((x) => x.start === s.sentence.start)) sentences.push(s.sentence);
          found += 1;
        }
      }
      const row = el("tr", { class: (differs ? "disagree" : "") + (value === null ? " missing" : ""), "data-field": check.field },
        el("th", {}, el("i", { class: "swatch " + check.cls }), check.label),
        el("td", { class: "value", text: value === null ? "not stated" : value }),
        el("td", { class: "flags" },
          differs ? el("span", { class: "badge", title: "the sources disagree on this value", text: "≠" }) : null,
          value !== null && !found ? el("span", { class: "no-evidence", title: "no span recorded for this value", text: "no quote" }) : null),
      );
      row.addEventListener("mouseenter", () => card.querySelectorAll("mark.f-" + check.field).forEach((m) => m.classList.add("focus")));
      row.addEventListener("mouseleave", () => card.querySelectorAll("mark.focus").forEach((m) => m.classList.remove("focus")));
      table.append(row);
    }
    sentences.sort((a, b) => a.start - b.start);
    const quotes = el("div", { class: "quotes" },
      el("div", { class: "quotes-title", text: sentences.length === 1 ? "The sentence" : "The sentences" }),
      ...sentences.slice(0, 6).map((sentence) => highlighted(sentence, spans)));
    const articleBox = el("div", { class: "article", hidden: true });
    const toggle = el("button", { type: "button", class: "quiet article-toggle", text: "Show the whole article" });
    toggle.addEventListener("click", async () => {
      if (!articleBox.hidden) {
        articleBox.hidden = true;
        toggle.textContent = "Show the whole article";
        return;
      }
      toggle.textContent = "Loading…";
      try {
        const document_ = await getJSON("/api/documents/" + encodeURIComponent(doc.id));
        articleBox.replaceChildren(articleText(document_, source.report_id));
        articleBox.hidden = false;
        toggle.textContent = "Hide the article";
      } catch (error) {
        toggle.textContent = "Show the whole article";
        showStatus(error.message, true);
      }
    });
    const card = el("article", { class: "source", "data-report-id": source.report_id }, heading, table, quotes, toggle, articleBox);
    return card;
  }

  /* The whole document, every span of this report highlighted by what it gives. */
  function articleText(document_, reportId) {
    const rankOf = (cls) => CHECKED.findIndex((c) => c.cls === cls);
    const spans = [];
    for (const s of document_.spans) {
      if (!s.report_ids.includes(reportId)) continue;
      const key = s.fields.find((f) => FIELD_CLASS[f]);
      if (!key) continue;
      spans.push({ start: s.start, end: s.end, cls: FIELD_CLASS[key] + " mine", title: s.fields.join(", "), rank: rankOf(FIELD_CLASS[key]) });
    }
    const whole = { start: 0, end: document_.text.length, text: document_.text };
    const node = highlighted(whole, spans);
    node.className = "article-text";
    return node;
  }

  async function openEvent(id) {
    selectedId = id;
    highlightMarker(id);
    list.querySelectorAll("li").forEach((li) => li.classList.toggle("selected", li.dataset.eventId === id));
    remember(params());
    let record;
    try {
      record = await getJSON("/api/events/" + encodeURIComponent(id));
    } catch (error) {
      showStatus(error.message, true);
      return;
    }
    if (selectedId !== id) return;
    document.body.classList.add("detail-open");
    detail.hidden = false;
    const place = [record.location, record.admin1, record.country].filter(Boolean).join(", ");
    document.getElementById("detail-title").replaceChildren(
      el("i", { class: "dot", style: "background:" + color(record.event_type) }),
      el("span", { class: "type", text: record.sub_event_type || record.event_type || "untyped" }),
      el("span", { class: "place", text: place || "unplaced" }),
      el("span", { class: "date", text: record.event_date || "undated" }),
    );
    const range = record.fatalities_high !== null && record.fatalities_high !== record.fatalities_low
      ? ` (sources say ${fmt(record.fatalities_low)}–${fmt(record.fatalities_high)})` : "";
    fill(document.getElementById("detail-facts"),
      el("span", { class: "fact deaths" }, el("strong", { text: fmt(record.fatalities) }), " deaths" + range),
      record.injured !== null && record.injured !== undefined ? el("span", { class: "fact" }, el("strong", { text: fmt(record.injured) }), " injured") : null,
      el("span", { class: "fact" }, [record.actor1, record.actor2].filter(Boolean).join(" vs ") || "actors not stated"),
      el("span", { class: "fact" }, el("strong", { text: String(record.sources.length) }), record.sources.length === 1 ? " source" : " sources"),
      el("span", { class: "fact id", text: "event " + record.event_id }),
    );
    const disagreeing = new Set(record.disagreements.map((d) => d.field));
    const box = document.getElementById("detail-disagreements");
    box.replaceChildren();
    if (record.disagreements.length) {
      box.append(el("strong", { text: "Sources disagree on " }),
        ...record.disagreements.map((d, i) => el("span", { class: "disagreement" },
          (i ? "; " : "") + (LABELS[d.field] || d.field) + ": " + d.values.map((v) => v.value + (v.report_ids.length > 1 ? ` (×${v.report_ids.length})` : "")).join(" / "))));
    }
    box.hidden = !record.disagreements.length;
    document.getElementById("sources").replaceChildren(...record.sources.map((s) => sourceCard(s, disagreeing)));
    const marker = markers.get(id);
    map.invalidateSize();
    if (marker) map.setView(marker.getLatLng(), Math.max(map.getZoom(), 6));
    else if (record.latitude !== null && record.longitude !== null) map.setView([record.latitude, record.longitude], 6);
  }

  function closeDetail() {
    selectedId = null;
    detail.hidden = true;
    document.body.classList.remove("detail-open");
    highlightMarker(null);
    list.querySelectorAll("li.selected").forEach((li) => li.classList.remove("selected"));
    map.invalidateSize();
    remember(params());
  }

  // --- wiring -------------------------------------------------------------------------------

  form.addEventListener("submit", (e) => { e.preventDefault(); load(); });
  form.addEventListener("reset", () => setTimeout(load, 0));
  form.elements.country.addEventListener("change", loadAdmin1);
  form.elements.in_view.addEventListener("change", load);
  sortSelect.addEventListener("change", load);
  more.addEventListener("click", () => loadPage(params(), true, loadToken).catch((e) => showStatus(e.message, true)));
  document.getElementById("close-detail").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !detail.hidden) closeDetail(); });
  map.on("moveend", () => { if (form.elements.in_view.checked) load(); });
  window.addEventListener("resize", () => drawTimeline(timelineDays));

  legend();
  restoreFilters();
  loadCountries();
  loadAdmin1();
  const linked = window.location.hash.match(/^#event=(.+)$/);
  if (linked) selectedId = decodeURIComponent(linked[1]);
  load().then(() => {
    if (linked) openEvent(selectedId);
  });
})();
