"""Plotly figures for the pages, built in Python as JSON and drawn by static/charts.js with the bundled plotly.js.

Figures are plain dicts dumped to JSON: plotly's Python figure objects validate every property, which cost
seconds for a network with a few dozen arrows; plotly.js needs none of it. Figures carry no fixed width: charts.js sizes them to their box (height from the figure's layout) and redraws
them whenever the box changes size.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from . import queries as Q
from . import views as V

QUAD_COLOURS = {1: "#4c9be8", 2: "#1f5fa8", 3: "#f0a04b", 4: "#c8372d"}
# A diverging scale whose middle (Goldstein 0, neutral) is a mid grey: readable on a white page, unlike RdBu's
# white middle. Red is conflict, blue cooperation.
GOLDSTEIN_SCALE = [[0.0, "#b2182b"], [0.3, "#e0826b"], [0.5, "#8f8f8f"], [0.7, "#6aa6d1"], [1.0, "#2166ac"]]
_DAY_MS = 86_400_000


# ---- dyad ----
@dataclass
class Direction:
    """One direction of a dyad, binned: events per (period start, quad class), the periods in order, and what
    could not be placed in a bin."""

    source: str
    target: str
    bins: dict[tuple[date, int | None], int] = field(default_factory=dict)
    goldstein: dict[date, tuple[float, int]] = field(default_factory=dict)  # period -> (sum, n)
    undated: int = 0
    coarse: int = 0  # dated less precisely than the period (a month-only date in a weekly chart, a year-only date)

    @property
    def binned(self) -> int:
        return sum(self.bins.values())

    @property
    def total(self) -> int:
        return self.binned + self.undated + self.coarse


@dataclass
class DyadChart:
    """The dyad page's chart: the figure JSON (None when neither direction has an event) and both directions."""

    figure: str | None
    forward: Direction
    backward: Direction
    period: str


def period_start(day: date, period: str) -> date:
    """The first day of the week (Monday) or month holding `day`."""
    return day - timedelta(days=day.weekday()) if period == "week" else day.replace(day=1)


def period_end(start: date, period: str) -> date:
    """The last day of the period starting on `start`."""
    if period == "week":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _next_period(start: date, period: str) -> date:
    return period_end(start, period) + timedelta(days=1)


def bin_direction(source: str, target: str, counts: list[V.DatedCount], period: str) -> Direction:
    """Bin each event at its own precision: a day-dated event in its week or month, a month-dated one in its
    month (not in one arbitrary week: in a weekly chart it is counted apart), a year-dated or undated one
    counted apart."""
    out = Direction(source, target)
    precise = {"day"} if period == "week" else {"day", "month"}
    for c in counts:
        if c.start is None:
            out.undated += c.events
            continue
        if (c.precision or "day") not in precise:
            out.coarse += c.events
            continue
        key = period_start(c.start, period)
        out.bins[(key, c.quad_class)] = out.bins.get((key, c.quad_class), 0) + c.events
        s, n = out.goldstein.get(key, (0.0, 0))
        out.goldstein[key] = (s + c.goldstein_sum, n + c.goldstein_n)
    return out


def _periods(directions: tuple[Direction, ...], period: str) -> list[date]:
    """Every period from the first to the last with events: missing ones break the Goldstein line."""
    starts = [k for d in directions for (k, _) in d.bins]
    if not starts:
        return []
    out, at, last = [], min(starts), max(starts)
    while at <= last:
        out.append(at)
        at = _next_period(at, period)
    return out


def _integer_dtick(highest: int) -> int:
    """A whole-number tick step giving about five ticks (never 0.2 of an event)."""
    return max(1, math.ceil(highest / 5))


def dyad_chart(forward: Direction, backward: Direction, period: str, link: str) -> DyadChart:
    """Events per period by quad class (stacked bars) and mean Goldstein (a line broken where a period has no
    events), A->B above and B->A below. Clicking a bar opens `link` + the period's since/until."""
    directions = (forward, backward)
    periods = _periods(directions, period)
    if not periods:
        return DyadChart(None, forward, backward, period)
    # bars fill their period (with a small gap) from its first day: plotly would otherwise centre them on it
    width_days = 7 if period == "week" else 30
    width = 0.85 * width_days * _DAY_MS
    first, last = periods[0], _next_period(periods[-1], period)
    x_range = [(first - timedelta(days=2)).isoformat(), (last + timedelta(days=2)).isoformat()]
    # two rows, each with a right-hand axis for the Goldstein line: (bars' y axis, line's y axis, domain)
    rows = (("y", "y2", [0.57, 1.0]), ("y3", "y4", [0.0, 0.43]))
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = {
        "barmode": "stack", "bargap": 0, "height": 560, "margin": {"l": 50, "r": 50, "t": 40, "b": 40},
        "legend": {"orientation": "h", "y": -0.12}, "annotations": [],
        "xaxis": {"type": "date", "anchor": "y", "range": x_range, "showticklabels": False},
        "xaxis2": {"type": "date", "anchor": "y3", "range": x_range, "matches": "x"},
    }
    in_legend: set[str] = set()
    for (bars_axis, line_axis, domain), d, x_axis in zip(rows, directions, ("x", "x2")):
        for quad, name in Q.QUAD_CLASSES.items():
            pts = [(p, d.bins[(p, quad)]) for p in periods if (p, quad) in d.bins]
            if not pts:
                continue
            data.append({
                "type": "bar", "xaxis": x_axis, "yaxis": bars_axis, "name": name, "legendgroup": name,
                "showlegend": name not in in_legend, "marker": {"color": QUAD_COLOURS[quad]},
                "x": [p.isoformat() for p, _ in pts], "y": [n for _, n in pts],
                "width": [width] * len(pts), "offset": [0] * len(pts),
                "customdata": [link + urlencode({"since": p.isoformat(), "until": period_end(p, period).isoformat()})
                               + "#events" for p, _ in pts],
                "hovertemplate": f"{name}: %{{y}} events, {period} of %{{x|%Y-%m-%d}}<extra></extra>"})
            in_legend.add(name)
        means = [(d.goldstein[p][0] / d.goldstein[p][1]) if d.goldstein.get(p, (0, 0))[1] else None
                 for p in periods]
        if any(m is not None for m in means):
            data.append({
                "type": "scatter", "mode": "lines+markers", "xaxis": x_axis, "yaxis": line_axis,
                "name": "Mean Goldstein", "legendgroup": "g", "showlegend": "g" not in in_legend,
                "connectgaps": False, "line": {"color": "#333"}, "marker": {"size": 7},
                "x": [(p + timedelta(days=width_days / 2)).isoformat() for p in periods], "y": means,
                "hovertemplate": "mean Goldstein %{y:.1f}<extra></extra>"})
            in_legend.add("g")
        per_period: dict[date, int] = {}
        for (p, _), n in d.bins.items():
            per_period[p] = per_period.get(p, 0) + n
        highest = max(per_period.values(), default=1)
        layout["yaxis" + bars_axis[1:]] = {
            "domain": domain, "anchor": x_axis, "title": {"text": "events"}, "tickmode": "linear", "tick0": 0,
            "dtick": _integer_dtick(highest), "range": [0, highest * 1.1 + 0.1], "tickformat": "d"}
        layout["yaxis" + line_axis[1:]] = {
            "overlaying": bars_axis, "side": "right", "anchor": x_axis, "title": {"text": "mean Goldstein"},
            "range": [-10.5, 10.5], "dtick": 5, "tickmode": "linear", "tick0": 0, "showgrid": False,
            "zeroline": True}
        if not d.binned:  # an empty row says so rather than showing a blank box
            layout["annotations"].append({
                "text": f"no events placed in a {period}", "showarrow": False, "xref": "paper", "yref": "paper",
                "x": 0.5, "y": sum(domain) / 2, "font": {"color": "#6b7580"}})
        layout["annotations"].append({
            "text": f"{d.source} → {d.target}", "showarrow": False, "xref": "paper", "yref": "paper",
            "x": 0.5, "y": domain[1], "xanchor": "center", "yanchor": "bottom", "font": {"size": 14}})
    return DyadChart(json.dumps({"data": data, "layout": layout}), forward, backward, period)


# ---- network ----
def network_figure(edges: list[Q.NetworkEdge], labels: dict[str, str]) -> str:
    """Plotly figure JSON: actors placed by a force layout (networkx's spring layout, fixed seed, so the picture
    is the same on every load), arrows weighted by events and coloured by mean Goldstein on a scale readable on
    white; nodes labelled with the actor's name."""
    import networkx as nx
    from plotly.colors import sample_colorscale

    graph = nx.Graph()
    degree: dict[str, int] = {}
    for e in edges:
        degree[e.source] = degree.get(e.source, 0) + e.events
        degree[e.target] = degree.get(e.target, 0) + e.events
        graph.add_edge(e.source, e.target)
    nodes = sorted(degree, key=lambda n: (-degree[n], n))
    graph.add_nodes_from(nodes)
    # k a little above 1/sqrt(n): the busiest actors end up apart instead of in one clump
    k = 2.2 / math.sqrt(max(1, len(nodes)))
    pos = {n: (float(x), float(y)) for n, (x, y) in
           nx.spring_layout(graph, k=k, seed=7, iterations=200).items()} if nodes else {}
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    pad_x, pad_y = 0.12 * (max(xs) - min(xs) or 1), 0.12 * (max(ys) - min(ys) or 1)
    top = max((e.events for e in edges), default=1)
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    annotations: list[dict[str, Any]] = []
    mid_x, mid_y, mid_text, mid_g = [], [], [], []
    for e in edges:
        (x0, y0), (x1, y1) = pos[e.source], pos[e.target]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy) or 1.0
        ox, oy = -dy / norm * 0.012 * span, dx / norm * 0.012 * span  # A->B and B->A side by side
        g = e.goldstein if e.goldstein is not None else 0.0
        colour = sample_colorscale(GOLDSTEIN_SCALE, [(max(-10.0, min(10.0, g)) + 10) / 20])[0]
        annotations.append({"x": x1 + ox, "y": y1 + oy, "ax": x0 + ox, "ay": y0 + oy, "xref": "x", "yref": "y",
                            "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2, "arrowsize": 1,
                            "standoff": 12, "startstandoff": 12, "arrowwidth": 1.5 + 5 * e.events / top,
                            "arrowcolor": colour, "opacity": 0.9, "text": ""})
        mid_x.append(x0 + ox + dx * 0.5)
        mid_y.append(y0 + oy + dy * 0.5)
        mid_text.append(f"{labels.get(e.source, e.source)} → {labels.get(e.target, e.target)}: {e.events} events, "
                        f"mean Goldstein {'n/a' if e.goldstein is None else f'{e.goldstein:.1f}'}")
        mid_g.append(g)
    data = [
        {"type": "scatter", "x": mid_x, "y": mid_y, "mode": "markers", "hoverinfo": "text", "hovertext": mid_text,
         "name": "edges", "showlegend": False,
         "marker": {"size": 7, "color": mid_g, "colorscale": GOLDSTEIN_SCALE, "cmin": -10, "cmax": 10,
                    "colorbar": {"title": {"text": "mean Goldstein"}}}},
        {"type": "scatter", "x": [pos[n][0] for n in nodes], "y": [pos[n][1] for n in nodes],
         "mode": "markers+text", "text": [_short(labels.get(n, n), n) for n in nodes], "textposition": "top center",
         "hoverinfo": "text", "showlegend": False, "customdata": nodes,
         "hovertext": [f"{labels.get(n, n)} ({n}): {degree[n]} events" for n in nodes],
         "marker": {"size": [10 + 20 * math.sqrt(degree[n] / max(degree.values())) for n in nodes],
                    "color": "#f4f4f4", "line": {"color": "#444", "width": 1}}},
    ]
    layout = {"height": 680, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "plot_bgcolor": "white",
              "annotations": annotations, "hovermode": "closest",
              "xaxis": {"visible": False, "range": [min(xs) - pad_x, max(xs) + pad_x]},
              "yaxis": {"visible": False, "range": [min(ys) - pad_y, max(ys) + pad_y]}}
    return json.dumps({"data": data, "layout": layout})


def _short(name: str, code: str) -> str:
    """A node's label: the name, or its code when the name is long ("North Atlantic Treaty Organization" is
    NATO on the picture; the hover text has the full name)."""
    if len(name) <= 18:
        return name
    return code if code != name else name[:17] + "…"


# ---- actor ----
def actor_figure(counts: list[tuple[date, int, int]]) -> str | None:
    """Events per month with the actor as source and as target (grouped bars), or None without dated events."""
    if not counts:
        return None
    months = [m.isoformat()[:10] for m, _, _ in counts]
    highest = max(max(s, t) for _, s, t in counts)
    data = [{"type": "bar", "x": months, "y": [s for _, s, _ in counts], "name": "as source",
             "marker": {"color": "#1f5fa8"}},
            {"type": "bar", "x": months, "y": [t for _, _, t in counts], "name": "as target",
             "marker": {"color": "#f0a04b"}}]
    layout = {"height": 300, "barmode": "group", "margin": {"l": 50, "r": 20, "t": 10, "b": 40},
              "xaxis": {"type": "date"}, "legend": {"orientation": "h", "y": -0.2},
              "yaxis": {"title": {"text": "events"}, "tickmode": "linear", "tick0": 0,
                        "dtick": _integer_dtick(highest), "tickformat": "d"}}
    return json.dumps({"data": data, "layout": layout})


# ---- stories ----
def story_figure(stories: list[dict[str, Any]], *, top: int = 60) -> str:
    """Plotly figure JSON: the `top` latest stories as bars from first to last publication, darker for more
    articles."""
    import plotly.graph_objects as go

    shown = [s for s in stories if s.get("first_published")][:top][::-1]  # newest at the top
    starts = [str(s["first_published"])[:10] for s in shown]
    # a one-day story still gets a visible bar
    lengths = [max(_DAY_MS, (date.fromisoformat(str(s["last_published"] or s["first_published"])[:10])
                             - date.fromisoformat(x)).days * _DAY_MS + _DAY_MS) for s, x in zip(shown, starts)]
    names = [(s["label"] or f"story {s['story_id']}")[:60] for s in shown]
    # the y axis is categorical: two stories with one label would share a row unless told apart
    labels = [f"{n} · {s['story_id']}" if names.count(n) > 1 else n for n, s in zip(names, shown)]
    fig = go.Figure(go.Bar(
        base=starts, x=lengths, y=labels, orientation="h", customdata=[s["story_id"] for s in shown],
        marker={"color": [s["article_count"] or 1 for s in shown], "colorscale": "Blues", "cmin": 0,
                "cmax": max([s["article_count"] or 1 for s in shown], default=1),
                "colorbar": {"title": {"text": "articles"}}},
        hovertext=[f"{s['label']}: {s['article_count']} articles from {s['source_count']} sources, "
                   f"{s['first_published']} – {s['last_published']}" for s in shown], hoverinfo="text"))
    fig.update_layout(height=max(260, 28 * len(shown) + 80), margin={"l": 10, "r": 10, "t": 10, "b": 40},
                      xaxis={"type": "date"}, yaxis={"automargin": True})
    return fig.to_json()
