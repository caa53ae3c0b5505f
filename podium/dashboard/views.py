from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.competitions.permissions import edition_or_404
from podium.competitions.selectors import edition_current, stage_quotas
from podium.csp import allow_inline_styles
from podium.dashboard.charts import CHARTS, chart_svg, charts_for
from podium.dashboard.downloads import svg_png, table_csv, table_xlsx
from podium.dashboard.selectors import edition_stats, stages_with_rules


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    edition = edition_current()
    context = {"stats": None, "stages": []}
    if edition is not None:
        stages = stages_with_rules(edition)
        context = {
            "stats": edition_stats(edition),
            "stages": [
                (
                    stage,
                    [
                        (rule, stage_quotas(stage).get(rule.track_id))
                        for rule in stage.track_rules.all()
                    ],
                )
                for stage in stages
            ],
        }
    return render(request, "dashboard/home.html", context)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404()
    charts = [(chart.name, chart_svg(edition, chart)) for chart in charts_for(edition)]
    response = render(
        request, "dashboard/dashboard.html", {"stats": edition_stats(edition), "charts": charts}
    )
    # Each chart's <style>, drawn into the page, is allowed by its hash.
    return allow_inline_styles(response, [svg for _name, svg in charts])


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def chart_download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    edition = edition_or_404()
    chart = CHARTS.get(name)
    if chart is None or not chart.available(edition):
        raise Http404("No such chart.")
    if fmt == "svg":
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + chart_svg(edition, chart)
        response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    elif fmt == "png":
        response = HttpResponse(svg_png(chart_svg(edition, chart)), content_type="image/png")
    elif fmt == "csv":
        body = table_csv(chart.table(edition))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        body = table_xlsx(chart.table(edition), title=chart.name)
        response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{chart.filename}.{fmt}"'
    return response
