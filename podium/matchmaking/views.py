"""Match-making pages: thin; each POST parses a form, calls one service, redirects.

A refused form re-renders the page with the refusal's status (400 unless it says
otherwise) and the message next to its field; a refused button (decline, cancel, met)
reaches the refusal page (``podium.refusals``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from podium.accounts.models import Role
from podium.accounts.permissions import has_role, role_required
from podium.competitions.permissions import edition_or_404
from podium.matchmaking import selectors as sel
from podium.matchmaking import services
from podium.matchmaking.forms import (
    AcceptForm,
    OfferForm,
    OutcomeForm,
    ReplyForm,
    RequestForm,
    SeekForm,
    SlotsForm,
)
from podium.matchmaking.models import MeetingStatus, Side
from podium.matchmaking.permissions import meeting_for
from podium.refusals import attempt, localise, refusal_of, refuse_on, status_of


def _answer_forms(meetings, failed=None) -> dict[int, AcceptForm]:
    """An accept form per waiting request addressed to the viewer, its free slots listed."""
    found = {}
    for meeting in meetings:
        if failed is not None and failed.get("pk") == meeting.pk:
            found[meeting.pk] = failed["form"]
        else:
            found[meeting.pk] = AcceptForm(
                slots=sel.free_slots(meeting), auto_id=f"id_%s_{meeting.pk}"
            )
    return found


def _rows(meetings, viewer: Side):
    """Meetings split the way a party reads them: to answer, sent, accepted, closed."""
    rows = {"incoming": [], "outgoing": [], "accepted": [], "closed": []}
    for meeting in meetings:
        if meeting.status == MeetingStatus.ACCEPTED:
            rows["accepted"].append(meeting)
        elif meeting.status != MeetingStatus.REQUESTED:
            rows["closed"].append(meeting)
        elif meeting.requested_by == viewer:
            rows["outgoing"].append(meeting)
        else:
            rows["incoming"].append(meeting)
    rows["accepted"].sort(key=lambda m: (m.starts_at, m.pk))
    return rows


def _explained(recommendations):
    for row in recommendations:
        row.explanations = sel.explain(row.reasons)
    return recommendations


# --- the public entry --------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Each party to its own page; everyone else sees the partners' published offers."""
    user = request.user
    if has_role(user, Role.ORGANISER):
        return redirect("matchmaking:overview")
    if user.is_authenticated and user.role == Role.PARTNER:
        return redirect("matchmaking:partner")
    if user.is_authenticated and user.role == Role.TEAM:
        return redirect("matchmaking:team")
    offers = sel.published_offers(edition_or_404())
    return render(request, "matchmaking/index.html", {"offers": offers})


# --- the partner's page ------------------------------------------------------------------


def _partner_page(request: HttpRequest, *, status: int = 200, **failed) -> HttpResponse:
    partner = services.partner_of(request.user)
    offers = list(sel.offers_of(partner))
    for offer in offers:
        offer.suggested = _explained(list(sel.offer_recommendations(offer)[:10]))
    rows = _rows(sel.meetings_of_partner(partner), Side.PARTNER)
    context = {
        "partner": partner,
        "offers": offers,
        "rows": rows,
        "asked": sel.requested_pairs(partner),
        "offer_form": failed.get("offer_form")
        or OfferForm(initial={"province": partner.province_id}),
        "request_form": failed.get("request_form") or RequestForm(),
        "request_failed": failed.get("request_team"),
        "accept_forms": _answer_forms(rows["incoming"], failed.get("accept")),
        "error": failed.get("error", ""),
    }
    return render(request, "matchmaking/partner.html", context, status=status)


@role_required(Role.PARTNER)
@require_GET
def partner_page(request: HttpRequest) -> HttpResponse:
    return _partner_page(request)


@role_required(Role.PARTNER)
@require_POST
def offer_create(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST)
    if form.is_valid():
        published = attempt(
            form, lambda: services.offer_publish(user=request.user, **form.cleaned_data)
        )
        if published is not None:
            messages.success(request, _("Published. The recommendations are updated."))
            return redirect("matchmaking:partner")
    return _partner_page(request, status=status_of(form), offer_form=form)


@role_required(Role.PARTNER)
@require_POST
def offer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    partner = services.partner_of(request.user)
    offer = sel.own_offer_or_404(partner, pk)
    services.offer_withdraw(user=request.user, offer=offer)
    messages.success(request, _("Withdrawn."))
    return redirect("matchmaking:partner")


@role_required(Role.PARTNER)
@require_POST
def partner_request(request: HttpRequest, team: int) -> HttpResponse:
    """The partner asks one team (any team of the edition) for a meeting."""
    partner = services.partner_of(request.user)
    found = sel.edition_team_or_404(partner.edition, team)
    offer = sel.own_offer(partner, request.POST.get("offer") or 0)
    form = RequestForm(request.POST)
    form.is_valid()
    refusal = refusal_of(
        lambda: services.meeting_request(
            user=request.user,
            partner=partner,
            team=found,
            offer=offer,
            message=form.cleaned_data.get("message", ""),
        )
    )
    if refusal is not None:
        refuse_on(form, refusal)
        return _partner_page(
            request,
            status=refusal.status,
            request_form=form,
            request_team=found.pk,
            error=localise(refusal.message),
        )
    messages.success(request, _("Request sent to %(team)s.") % {"team": found})
    return redirect("matchmaking:partner")


# --- the team's page ---------------------------------------------------------------------


def _team_page(request: HttpRequest, *, status: int = 200, **failed) -> HttpResponse:
    team = services.team_of(request.user)
    rows = _rows(sel.meetings_of_team(team), Side.TEAM)
    context = {
        "team": team,
        "project": getattr(team, "project", None),
        "seeks": sel.seeks_of(team),
        "suggested": _explained(list(sel.team_recommendations(team))),
        "asked": sel.requested_partners(team),
        "rows": rows,
        "seek_form": failed.get("seek_form") or SeekForm(),
        "request_form": failed.get("request_form") or RequestForm(),
        "request_failed": failed.get("request_offer"),
        "accept_forms": _answer_forms(rows["incoming"], failed.get("accept")),
        "error": failed.get("error", ""),
    }
    return render(request, "matchmaking/team.html", context, status=status)


@role_required(Role.TEAM)
@require_GET
def team_page(request: HttpRequest) -> HttpResponse:
    return _team_page(request)


@role_required(Role.TEAM)
@require_POST
def seek_save(request: HttpRequest) -> HttpResponse:
    form = SeekForm(request.POST)
    if form.is_valid():
        saved = attempt(form, lambda: services.seek_publish(user=request.user, **form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Saved. The recommendations are updated."))
            return redirect("matchmaking:team")
    return _team_page(request, status=status_of(form), seek_form=form)


@role_required(Role.TEAM)
@require_POST
def seek_delete(request: HttpRequest, kind: str) -> HttpResponse:
    services.seek_remove(user=request.user, kind=kind)
    return redirect("matchmaking:team")


@role_required(Role.TEAM)
@require_POST
def team_request(request: HttpRequest, offer: int) -> HttpResponse:
    """The team asks the partner behind one offer for a meeting."""
    team = services.team_of(request.user)
    found = sel.edition_offer_or_404(team.edition, offer)
    form = RequestForm(request.POST)
    form.is_valid()
    refusal = refusal_of(
        lambda: services.meeting_request(
            user=request.user,
            partner=found.partner,
            team=team,
            offer=found,
            message=form.cleaned_data.get("message", ""),
        )
    )
    if refusal is not None:
        refuse_on(form, refusal)
        return _team_page(
            request,
            status=refusal.status,
            request_form=form,
            request_offer=found.pk,
            error=localise(refusal.message),
        )
    messages.success(request, _("Request sent to %(partner)s.") % {"partner": found.partner})
    return redirect("matchmaking:team")


# --- answering and following a meeting ---------------------------------------------------


def _back(request: HttpRequest, meeting) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_organiser:
        return redirect("matchmaking:meeting", pk=meeting.pk)
    return redirect("matchmaking:index")


def _page_of(request: HttpRequest):
    return _partner_page if request.user.role == Role.PARTNER else _team_page


@role_required(Role.PARTNER, Role.TEAM)
@require_POST
def meeting_accept(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    # Any slot of the edition parses, so a busy one gets the service's reason, not "invalid".
    every = sel.edition_slots(meeting.edition_id)
    form = AcceptForm(request.POST, slots=every, auto_id=f"id_%s_{pk}")
    if form.is_valid():
        accepted = attempt(
            form,
            lambda: services.meeting_accept(
                user=request.user,
                meeting=meeting,
                slot=form.cleaned_data["slot"],
                reply=form.cleaned_data["reply"],
            ),
        )
        if accepted is not None:
            messages.success(request, _("Accepted: the meeting is booked."))
            return _back(request, meeting)
    return _page_of(request)(request, status=status_of(form), accept={"pk": pk, "form": form})


@role_required(Role.PARTNER, Role.TEAM)
@require_POST
def meeting_decline(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    form = ReplyForm(request.POST)
    form.is_valid()
    services.meeting_decline(user=request.user, meeting=meeting, reply=form.cleaned_data["reply"])
    messages.success(request, _("Declined."))
    return _back(request, meeting)


@role_required(Role.PARTNER, Role.TEAM)
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    services.meeting_cancel(user=request.user, meeting=meeting)
    messages.success(request, _("Request withdrawn."))
    return _back(request, meeting)


def _meeting_page(request: HttpRequest, meeting, *, status: int = 200, form=None):
    context = {
        "meeting": meeting,
        "met": services.is_met(meeting),
        "outcomes": sel.meeting_outcomes(meeting),
        "outcome_form": form or OutcomeForm(),
    }
    return render(request, "matchmaking/meeting.html", context, status=status)


@login_required
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, meeting_for(request.user, pk))


@role_required(Role.PARTNER, Role.TEAM, Role.ORGANISER)
@require_POST
def meeting_met(request: HttpRequest, pk: int) -> HttpResponse:
    found = meeting_for(request.user, pk)
    services.meeting_mark_met(user=request.user, meeting=found)
    return redirect("matchmaking:meeting", pk=pk)


@role_required(Role.PARTNER, Role.TEAM, Role.ORGANISER)
@require_POST
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    found = meeting_for(request.user, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        recorded = attempt(
            form,
            lambda: services.outcome_record(user=request.user, meeting=found, **form.cleaned_data),
        )
        if recorded is not None:
            messages.success(request, _("Outcome recorded."))
            return redirect("matchmaking:meeting", pk=pk)
    return _meeting_page(request, found, status=status_of(form), form=form)


# --- the organisers' overview ------------------------------------------------------------


def _overview(request: HttpRequest, *, status: int = 200, slots_form=None) -> HttpResponse:
    edition = edition_or_404()
    meetings = list(sel.edition_meetings(edition))
    funnel = sel.funnel(edition)
    top = max((count for _label, count in funnel), default=0) or 1
    context = {
        "funnel": [(label, count, round(100 * count / top)) for label, count in funnel],
        "booked": [m for m in meetings if m.status == MeetingStatus.ACCEPTED],
        "others": [m for m in meetings if m.status != MeetingStatus.ACCEPTED],
        "slots": sel.slot_count(edition),
        "slots_form": slots_form or SlotsForm(),
    }
    return render(request, "matchmaking/overview.html", context, status=status)


@role_required(Role.ORGANISER)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return _overview(request)


@role_required(Role.ORGANISER)
@require_POST
def slots_create(request: HttpRequest) -> HttpResponse:
    form = SlotsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        made = attempt(
            form,
            lambda: services.slots_create(
                user=request.user,
                edition=edition_or_404(),
                day=data["day"],
                start=data["start"],
                end=data["end"],
                minutes=data["minutes"],
                places=data["places"].splitlines(),
            ),
        )
        if made is not None:
            messages.success(request, _("%(n)d slots created.") % {"n": len(made)})
            return redirect("matchmaking:overview")
    return _overview(request, status=status_of(form), slots_form=form)


@role_required(Role.ORGANISER)
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    count = services.recommendations_refresh(edition=edition_or_404())
    messages.success(request, _("%(n)d recommendations computed.") % {"n": count})
    return redirect("matchmaking:overview")
