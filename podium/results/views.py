from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from podium.accounts.models import Role
from podium.accounts.permissions import has_role
from podium.competitions.permissions import edition_or_404
from podium.competitions.selectors import rule_for, stages_of, tracks_of
from podium.errors import PodiumError
from podium.judging.permissions import judge_of
from podium.judging.selectors import entry_titles
from podium.ledger.services import ledger_head
from podium.refusals import localise, refusal_of
from podium.results.exports import results_csv, results_xlsx
from podium.results.permissions import (
    results_for_organiser,
    results_for_staff,
    results_for_supervisor,
    stage_track,
)
from podium.results.selectors import (
    amendment_entry,
    amendment_or_404,
    deliberation_in,
    deliberation_of,
    deliberation_or_404,
    is_voter,
    missing_sheets,
    panel_conflicts,
    panel_of,
    published_pairs,
    published_table,
    region_deliberations_of,
    region_ties,
    regional_ballots_for,
    release_of,
    requested_amendments,
    standings,
    supervisor_id_of,
    supervisor_of,
    vote_of,
    voter_count,
)
from podium.results.services import (
    NO_TIE,
    amendment_decide,
    deliberation_confirm,
    deliberation_open,
    deliberation_vote,
    results_publish,
    results_sign_off,
)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404()
    published = published_pairs()
    rows = [
        (stage, track, (stage.pk, track.pk) in published)
        for stage in stages_of(edition)
        for track in tracks_of(edition)
    ]
    return render(request, "results/index.html", {"rows": rows})


@require_GET
def public(request: HttpRequest, stage_id: int, track: str) -> HttpResponse:
    stage, found_track = stage_track(stage_id, track)
    table = published_table(stage, found_track)
    return render(
        request,
        "results/public.html",
        {
            "stage": stage,
            "track": found_track,
            "entries": table,
            "release": release_of(stage, found_track) if table is not None else None,
            "may_see_live": _may_see_live(request.user, stage, found_track),
        },
    )


def _may_see_live(user, stage, track) -> bool:
    if not has_role(user, Role.ORGANISER, Role.SUPERVISOR):
        return False
    return user.is_organiser or supervisor_id_of(stage, track) == user.pk


@require_GET
def export(request: HttpRequest, stage_id: int, track: str, fmt: str) -> HttpResponse:
    """Published results for anyone; before publication only for the venue's staff."""
    stage, found_track = stage_track(stage_id, track)
    if published_table(stage, found_track) is None:
        if not request.user.is_authenticated:
            raise Http404("No published results.")
        results_for_staff(request.user, stage_id, track)
    name = f"results-{stage.edition.slug}-{stage.kind}-{found_track.code}.{fmt}"
    if fmt == "csv":
        body, kind = results_csv(stage, found_track), "text/csv; charset=utf-8"
    else:
        body = results_xlsx(stage, found_track)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def live(request: HttpRequest, stage_id: int, track: str) -> HttpResponse:
    stage, found_track = results_for_staff(request.user, stage_id, track)
    panel = panel_of(stage, found_track)
    context = {
        "stage": stage,
        "track": found_track,
        "rule": rule_for(stage, found_track),
        "panel": panel,
        "supervisor": supervisor_of(stage, found_track),
        "standings": standings(stage, found_track),
        "missing": missing_sheets(stage, found_track),
        "conflicts": panel_conflicts(stage, found_track),
        "release": release_of(stage, found_track),
        "deliberation": deliberation_of(stage, found_track),
        "region_deliberations": [
            (found, voter_count(found)) for found in region_deliberations_of(stage, found_track)
        ],
        "amendments": requested_amendments(stage, found_track),
        "head": ledger_head(),
        "is_supervisor": supervisor_id_of(stage, found_track) == request.user.pk,
    }
    context["may_open"] = _may_open(context)
    template = "results/_live_table.html" if request.htmx else "results/live.html"
    return render(request, template, context)


def _may_open(context) -> bool:
    """Whether a tie still waits for its deliberation to be opened."""
    if context["release"] is not None and context["release"].signed_off_at:
        return False
    if context["panel"] is not None or not context["standings"]:
        return context["deliberation"] is None
    if not context["standings"][0].entry.region_id:
        return context["deliberation"] is None
    opened = {found.region_id for found, _ in context["region_deliberations"]}
    return any(
        tie.region.pk not in opened for tie in region_ties(context["stage"], context["track"])
    )


def _confirm(user, stage, track, data):
    """The panel's deliberation, or in online review the region's one named in the form."""
    if data.get("deliberation", "").isdigit():
        found = deliberation_in(int(data["deliberation"]), stage, track)
    else:
        found = deliberation_of(stage, track)
    if found is None:
        raise PodiumError(NO_TIE)
    return deliberation_confirm(actor=user, deliberation=found)


# action -> (who may, what it does)
ACTIONS = {
    "sign_off": (
        results_for_supervisor,
        lambda user, stage, track, _: results_sign_off(actor=user, stage=stage, track=track),
    ),
    "open_deliberation": (
        results_for_staff,
        lambda user, stage, track, _: deliberation_open(actor=user, stage=stage, track=track),
    ),
    "confirm": (results_for_supervisor, _confirm),
    "publish": (
        results_for_organiser,
        lambda user, stage, track, _: results_publish(actor=user, stage=stage, track=track),
    ),
}
DONE = {
    "sign_off": gettext_lazy("Results signed off."),
    "open_deliberation": gettext_lazy("Deliberation opened: the panel's judges now vote."),
    "open_deliberation_online": gettext_lazy(
        "Deliberation opened: the reviewers of the tied projects now vote."
    ),
    "confirm": gettext_lazy("Deliberation confirmed."),
    "publish": gettext_lazy("Results published."),
}


@login_required
@require_POST
def act(request: HttpRequest, stage_id: int, track: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    authorise, perform = ACTIONS[action]
    stage, found_track = authorise(request.user, stage_id, track)
    perform(request.user, stage, found_track, request.POST)
    online = action == "open_deliberation" and panel_of(stage, found_track) is None
    messages.success(request, DONE[f"{action}_online" if online else action])
    return _back_to_live(request, stage, found_track)


@login_required
@require_POST
def amendment(request: HttpRequest, pk: int) -> HttpResponse:
    found = amendment_or_404(pk)
    entry = amendment_entry(found)
    stage, track = results_for_supervisor(request.user, entry.stage_id, entry.track.code)
    amendment_decide(
        actor=request.user, amendment=found, approve=request.POST.get("approve") == "1"
    )
    return _back_to_live(request, stage, track)


def _back_to_live(request: HttpRequest, stage, track) -> HttpResponse:
    """After an action: the live standings, reloaded whole (an htmx request is told to
    go there, so its message shows with the page)."""
    url = reverse("results:live", args=[stage.pk, track.code])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_GET
def ballots(request: HttpRequest) -> HttpResponse:
    """The open regional tie-breaks a reviewer votes in; the review queue loads it."""
    judge = judge_of(request.user)
    return render(request, "results/_ballots.html", {"deliberations": regional_ballots_for(judge)})


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    judge = judge_of(request.user)
    deliberation = deliberation_or_404(pk)
    if not is_voter(deliberation, judge):
        raise Http404("No such deliberation.")  # not yours and missing look alike
    voted = vote_of(deliberation, judge)
    error, status = "", 200
    if request.method == "POST":
        order = [code.strip() for code in request.POST.getlist("order") if code.strip()]
        refusal = refusal_of(
            lambda: deliberation_vote(judge=judge, deliberation=deliberation, order=order)
        )
        if refusal is None:
            messages.success(request, _("Vote recorded."))
            return redirect("results:vote", pk=pk)
        error, status = localise(refusal.message), refusal.status
    titles = entry_titles(deliberation.stage, deliberation.projects)
    projects = [(code, titles.get(code, code)) for code in deliberation.projects]
    return render(
        request,
        "results/vote.html",
        {"deliberation": deliberation, "projects": projects, "voted": voted, "error": error},
        status=status,
    )
