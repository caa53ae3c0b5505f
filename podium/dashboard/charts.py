"""Dashboard charts, drawn as SVG by pygal so Chinese labels stay real text.

Every chart is a table first (a label column and one or more count columns, the same rows
the CSV/XLSX downloads carry) and a drawing of that table second.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import pygal
from pygal.style import Style

from podium.competitions.models import Edition
from podium.dashboard import tables
from podium.dashboard.tables import Table

GENERATED_ON = re.compile(r"<!--Generated with pygal [^>]*-->")

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


def _bar(title: str, table: Table, *, horizontal: bool, logarithmic: bool = False) -> pygal.Graph:
    """One bar per row; a table with several count columns draws one series per column."""
    chart_type = pygal.HorizontalBar if horizontal else pygal.Bar
    # Horizontal bars list the first row at the top.
    rows = list(reversed(table.rows)) if horizontal else table.rows
    series = table.series
    chart = chart_type(
        style=STYLE,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        print_values=True,
        js=[],
        width=800,
        height=max(320, 26 * len(rows) * len(series) + 100) if horizontal else 420,
        x_label_rotation=0 if horizontal or len(rows) < 5 else 30,
        truncate_label=-1,
        truncate_legend=-1,
        logarithmic=logarithmic,
        show_minor_x_labels=not logarithmic,
    )
    chart.title = title
    chart.x_labels = [row[0] for row in rows]
    for index, name in enumerate(series, start=1):
        chart.add(name, [row[index] for row in rows])
    return chart


def _pie(title: str, table: Table) -> pygal.Graph:
    chart = pygal.Pie(
        style=STYLE, js=[], width=600, height=420, print_values=True, inner_radius=0.4
    )
    chart.title = title
    for label, count in table.rows:
        chart.add(label, count)
    return chart


def _horizontal(title: str, table: Table) -> pygal.Graph:
    return _bar(title, table, horizontal=True)


def _vertical(title: str, table: Table) -> pygal.Graph:
    return _bar(title, table, horizontal=False)


def _funnel(title: str, table: Table) -> pygal.Graph:
    # Hundreds of recommendations, a handful of deals: on a linear axis the later steps
    # vanish, so the funnel uses a log axis and prints each step's count on its bar.
    return _bar(title, table, horizontal=True, logarithmic=True)


def _always(edition: Edition) -> bool:
    return True


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    filename: str
    table: Callable[[Edition], Table]
    draw: Callable[[str, Table], pygal.Graph]
    available: Callable[[Edition], bool] = _always


CHARTS: dict[str, Chart] = {
    chart.name: chart
    for chart in [
        Chart(
            "province",
            "参赛团队·省份 Teams by province",
            "teams-by-province",
            tables.teams_by_province,
            _horizontal,
        ),
        Chart(
            "industry",
            "参赛团队·行业 Teams by industry",
            "teams-by-industry",
            tables.teams_by_industry,
            _horizontal,
        ),
        Chart(
            "track",
            "参赛团队·赛道 Teams by track",
            "teams-by-track",
            tables.teams_by_track,
            _pie,
        ),
        Chart(
            "region",
            "参赛团队·赛区 Teams by region",
            "teams-by-region",
            tables.teams_by_region,
            _vertical,
        ),
        Chart(
            "stage",
            "各阶段参赛团队 Teams by stage reached",
            "teams-by-stage",
            tables.teams_by_stage,
            _vertical,
        ),
        Chart(
            "funnel",
            "产业对接漏斗 Match-making funnel",
            "matchmaking-funnel",
            tables.matchmaking_funnel,
            _funnel,
            tables.matchmaking_has_data,
        ),
        Chart(
            "visits",
            "参观考察·报名与名额 Site visits: seats",
            "visits-seats",
            tables.visit_seats,
            _vertical,
        ),
    ]
}


def charts_for(edition: Edition) -> list[Chart]:
    return [chart for chart in CHARTS.values() if chart.available(edition)]


def _without_script(root: Element) -> Element:
    """No script and no style attribute, which the site's policy would refuse in a page:
    pygal writes its tooltip script's configuration into <defs> even when it is given no
    script (``js=[]``), and hides the tooltip (which only that script would show) with
    ``style="opacity: 0"``; the ``opacity`` attribute says the same as SVG."""
    for parent in root.iter():
        for child in list(parent):
            if child.tag == "script":
                parent.remove(child)
            elif child.get("style") == "opacity: 0":
                del child.attrib["style"]
                child.set("opacity", "0")
    return root


def chart_svg(edition: Edition, chart: Chart) -> str:
    """The chart as SVG, the same bytes for the same figures: pygal's random element id
    becomes the chart's name and its "generated on <date>" comment goes, so a stored
    dashboard keeps its ETag until a figure changes. Its one <style> is allowed by its
    hash where the chart is drawn into a page (podium.csp)."""
    drawn = chart.draw(chart.title, chart.table(edition))
    drawn.uuid = chart.name
    drawn.add_xml_filter(_without_script)
    svg = drawn.render(is_unicode=True, disable_xml_declaration=True)
    return GENERATED_ON.sub("", svg, count=1)
