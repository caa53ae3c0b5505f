"""Dashboard charts, drawn as SVG by pygal so Chinese labels stay real text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pygal
from pygal.style import Style

from podium.competitions.models import Edition
from podium.dashboard.selectors import teams_by

CJK_FONTS = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
STYLE = Style(
    font_family=CJK_FONTS,
    background="white",
    plot_background="white",
    colors=("#c8102e", "#1f5aa6", "#e08a00", "#2f8f5b", "#7a4fa3", "#4a4a4a"),
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    title_font_size=16,
    legend_font_size=13,
)


def _bar(title: str, rows: list[tuple[str, int]], *, horizontal: bool) -> pygal.Graph:
    chart_type = pygal.HorizontalBar if horizontal else pygal.Bar
    # Horizontal bars list the largest first from the top.
    ordered = list(reversed(rows)) if horizontal else rows
    chart = chart_type(
        style=STYLE,
        show_legend=False,
        print_values=True,
        js=[],
        width=800,
        height=max(320, 26 * len(rows) + 80) if horizontal else 420,
        x_label_rotation=0 if horizontal else 30,
        truncate_label=-1,
    )
    chart.title = title
    chart.x_labels = [label for label, _ in ordered]
    chart.add(title, [count for _, count in ordered])
    return chart


def _pie(title: str, rows: list[tuple[str, int]]) -> pygal.Graph:
    chart = pygal.Pie(
        style=STYLE, js=[], width=600, height=420, print_values=True, inner_radius=0.4
    )
    chart.title = title
    for label, count in rows:
        chart.add(label, count)
    return chart


# name → (title, grouping field, drawing)
CHARTS: dict[str, tuple[str, str, Callable[[str, list[tuple[str, int]]], pygal.Graph]]] = {
    "province": (
        "参赛团队·省份 Teams by province",
        "province",
        lambda t, r: _bar(t, r, horizontal=True),
    ),
    "industry": (
        "参赛团队·行业 Teams by industry",
        "industry",
        lambda t, r: _bar(t, r, horizontal=True),
    ),
    "track": ("参赛团队·赛道 Teams by track", "track", _pie),
    "region": (
        "参赛团队·赛区 Teams by region",
        "region",
        lambda t, r: _bar(t, r, horizontal=False),
    ),
}


def chart_rows(edition: Edition, name: str) -> list[tuple[str, int]]:
    _title, field, _draw = CHARTS[name]
    return teams_by(edition, field)


def chart_svg(edition: Edition, name: str) -> str:
    title, _field, draw = CHARTS[name]
    return draw(title, chart_rows(edition, name)).render(
        is_unicode=True, disable_xml_declaration=True
    )


def chart_csv(edition: Edition, name: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name, "teams"])
    writer.writerows(chart_rows(edition, name))
    return out.getvalue()
