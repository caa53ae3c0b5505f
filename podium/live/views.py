from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from podium.competitions.selectors import rule_for
from podium.errors import PodiumError, gettext_noop
from podium.judging.forms import SheetForm
from podium.judging.models import Panel, StageEntry
from podium.judging.scoring import panel_judges, panel_marks
from podium.judging.selectors import entry_titles
from podium.judging.sheet_access import sheet_access, sheet_access_to_save
from podium.judging.sheet_pages import draft_or_submit
from podium.live import push, services
from podium.live.models import Phase, VenueState
from podium.live.permissions import (
    panel_for_console,
    panel_for_host,
    panel_for_judge,
    panel_for_reopen,
    panel_for_supervisor,
    panel_public,
)
from podium.live.selectors import (
    checked_in,
    entry_score,
    live_panels,
    public_state,
    reveals_live,
    running_order,
    sheets_in,
    state_of,
    turn_to_come,
    venue_entry,
)
from podium.schedule.selectors import stage_timetable

SCREEN_LAYOUTS = {"full", "overlay", "clock"}
HOST_ACTIONS = {
    "qa": services.host_start_qa,
    "open": services.host_open_scoring,
    "pause": services.host_pause,
    "resume": services.host_resume,
}
# Actions that may be refused with a question the host answers ("go on anyway?").
CONFIRMED_ACTIONS = {"next": services.host_next, "close": services.host_close_scoring}
NOT_CHOSEN = gettext_noop("choose a team or a judge from the list")


def _posted_id(data, field: str) -> int:
    value = data.get(field, "")
    if not value.isdigit():
        raise PodiumError(NOT_CHOSEN, field=field)
    return int(value)


def _check_in(user, panel: Panel, data) -> None:
    if "judge" in data:
        services.host_check_in(actor=user, panel=panel, judge_id=_posted_id(data, "judge"))
    else:
        services.host_check_in(actor=user, panel=panel, entry_id=_posted_id(data, "entry"))


def _absent(user, panel: Panel, data) -> None:
    services.host_mark_absent(
        actor=user,
        panel=panel,
        entry_id=_posted_id(data, "entry"),
        absence=data.get("absence", ""),
        reason=data.get("reason", ""),
    )


def _present(user, panel: Panel, data) -> None:
    services.host_mark_present(
        actor=user, panel=panel, entry_id=_posted_id(data, "entry"), reason=data.get("reason", "")
    )


# The running order's actions: check-in, and a team that does not present (or does after all).
ROSTER_ACTIONS = {"checkin": _check_in, "absent": _absent, "present": _present}
NOT_IN_VENUE = gettext_noop(
    "this team is no longer on stage in this venue; the page now shows the team on stage"
)


@dataclass(frozen=True)
class HostButton:
    """One console button: enabled only in ``phases`` (and, for the clock's buttons,
    when the clock is or is not ``paused``), the primary button in ``primary``. live.js
    applies the same attributes on every state the venue pushes."""

    action: str
    label: str
    phases: tuple[Phase, ...]
    primary: tuple[Phase, ...] = ()
    paused: bool | None = None

    @property
    def when(self) -> str:
        return " ".join(self.phases)

    @property
    def primary_when(self) -> str:
        return " ".join(self.primary)

    def enabled(self, state: dict) -> bool:
        if state["phase"] not in self.phases:
            return False
        return self.paused is None or self.paused == state["timer"]["paused"]


HOST_BUTTONS = (
    HostButton("next", _("Next team"), (Phase.IDLE, Phase.CLOSED), (Phase.IDLE, Phase.CLOSED)),
    HostButton("qa", _("Start Q&A"), (Phase.ROADSHOW,), (Phase.ROADSHOW,)),
    HostButton("open", _("Open scoring"), (Phase.QA,), (Phase.QA,)),
    HostButton("close", _("Close scoring"), (Phase.SCORING,), (Phase.SCORING,)),
    HostButton("pause", _("Pause"), (Phase.ROADSHOW, Phase.QA), paused=False),
    HostButton("resume", _("Resume"), (Phase.ROADSHOW, Phase.QA), paused=True),
)
REVEAL_BUTTON = HostButton(
    "reveal",
    _("Confirm the score for the screen"),
    (Phase.SCORING, Phase.CLOSED),
    (Phase.SCORING, Phase.CLOSED),
)
REOPEN_PHASES = " ".join((Phase.CLOSED, Phase.ROADSHOW, Phase.FINISHED))


def _phase_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Phase.choices}


SLOTS_SHOWN = 8


def _upcoming(panel: Panel, state: dict) -> list[tuple[object, str, bool]]:
    """The venue's timetable from the team on stage on: (slot, title, is_current)."""
    slots = stage_timetable(panel.stage).get(panel.venue.code)
    if slots is None:
        return []
    codes = [slot.team for slot in slots.slots]
    current = state["entry"]["code"] if state["entry"] else None
    start = codes.index(current) if current in codes else 0
    shown = slots.slots[start : start + SLOTS_SHOWN]
    titles = entry_titles(panel.stage, [s.team for s in shown])
    return [(slot, titles.get(slot.team, slot.team), slot.team == current) for slot in shown]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    venues = []
    for panel in live_panels():
        state = public_state(panel)
        venues.append((panel, state, _upcoming(panel, state)))
    context = {"panels": venues, "phase_labels": _phase_labels()}
    return render(request, "live/index.html", context)


@require_GET
def screen(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = panel_public(panel_id)
    layout = request.GET.get("layout", "full")
    context = {
        "panel": panel,
        "state": public_state(panel),
        "phase_labels": _phase_labels(),
        "layout": layout if layout in SCREEN_LAYOUTS else "full",
    }
    return render(request, "live/screen.html", context)


@login_required
@require_GET
def host(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = panel_for_console(request.user, panel_id)
    state = public_state(panel)
    is_supervisor = panel.supervisor_id == request.user.pk
    buttons = list(HOST_BUTTONS) if request.user.is_organiser else []
    if is_supervisor:
        buttons.append(REVEAL_BUTTON)
    return render(
        request,
        "live/host.html",
        {
            "panel": panel,
            "state": state,
            "phase_labels": _phase_labels(),
            "buttons": [(button, button.enabled(state)) for button in buttons],
            "reopen_phases": REOPEN_PHASES,
            "is_supervisor": is_supervisor,
            **_progress(panel, is_supervisor),
        },
    )


@dataclass(frozen=True)
class RosterTeam:
    entry: StageEntry
    checked_in: bool
    to_come: bool  # its turn has not passed: it may still be marked absent or put back


def _roster(panel: Panel, state: VenueState) -> dict:
    """The running order and the panel for check-in (签到) and absences (缺赛/弃权)."""
    entries, judges = checked_in(panel)
    order = running_order(panel)
    teams = [RosterTeam(e, e.pk in entries, turn_to_come(order, state, e)) for e in order]
    return {
        "roster_teams": teams,
        "roster_judges": [(judge, judge.pk in judges) for judge in panel_judges(panel)],
    }


def _progress(panel: Panel, is_supervisor: bool) -> dict:
    """Who is still to submit; for the supervisor also each judge's total (struck where
    the rule drops it) and the score, so the reveal is never confirmed blind. Organisers
    also get the running order for check-in and absences."""
    state = state_of(panel)
    roster = {} if is_supervisor else _roster(panel, state)
    if state.entry is None:
        return {"waiting": [], "submitted_count": 0, "expected": [], **roster}
    submitted, expected = sheets_in(panel, state.entry)
    context = {
        "waiting": [j for j in expected if j.pk not in submitted],
        "submitted_count": len(submitted & {j.pk for j in expected}),
        "expected": expected,
        **roster,
    }
    if is_supervisor:
        rule = rule_for(panel.stage, state.entry.track)
        context["marks"] = panel_marks(state.entry)
        context["preview_score"] = entry_score(state.entry) if reveals_live(rule) else None
        context["rule"] = rule
    return context


@login_required
@require_GET
def host_progress(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = panel_for_console(request.user, panel_id)
    is_supervisor = panel.supervisor_id == request.user.pk
    context = {"panel": panel, **_progress(panel, is_supervisor)}
    return render(request, "live/_progress.html", context)


@login_required
@require_POST
def host_action(request: HttpRequest, panel_id: int, action: str) -> HttpResponse:
    """One console button; a refusal reaches the console through podium.refusals."""
    user = request.user
    if action == "reveal":
        services.reveal_confirm(actor=user, panel=panel_for_supervisor(user, panel_id))
    elif action == "reopen":
        panel = panel_for_reopen(user, panel_id)
        services.host_reopen_scoring(actor=user, panel=panel, reason=request.POST.get("reason", ""))
    elif action in ROSTER_ACTIONS:
        ROSTER_ACTIONS[action](user, panel_for_host(user, panel_id), request.POST)
    elif action in CONFIRMED_ACTIONS:
        confirmed = request.POST.get("confirm") == "1"
        panel = panel_for_host(user, panel_id)
        CONFIRMED_ACTIONS[action](actor=user, panel=panel, confirmed=confirmed)
    elif action in HOST_ACTIONS:
        HOST_ACTIONS[action](actor=user, panel=panel_for_host(user, panel_id))
    else:
        raise Http404("No such action.")
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(status=204)
    return redirect("live:host", panel_id=panel_id)


@login_required
@require_GET
def tablet(request: HttpRequest, panel_id: int) -> HttpResponse:
    judge, panel = panel_for_judge(request.user, panel_id)
    context = _tablet_context(judge, panel)
    context.update(state=public_state(panel), phase_labels=_phase_labels())
    return render(request, "live/tablet.html", context)


def _tablet_id(entry) -> str:
    # Ids unique to the team on stage: a refresh for the same team keeps (hx-preserve)
    # what the judge has typed; the next team's form starts empty.
    return f"mark-{entry.pk}-%s"


def _tablet_context(judge, panel, form=None, access=None, **extra) -> dict:
    """The tablet for the team on stage now; ``access`` is the sheet a save just wrote,
    used again when that team is still on stage."""
    state = state_of(panel)
    entry = state.entry
    context = {"panel": panel, "venue_state": state, "entry": entry, **extra}
    if entry is None:
        return context
    if access is None or access.entry.pk != entry.pk:
        access = sheet_access(judge, entry)
    form = form or access.form(auto_id=_tablet_id(entry))
    return {**context, "sheet": access.sheet, "form": form, "rule": access.rule}


@login_required
@require_GET
def tablet_form(request: HttpRequest, panel_id: int) -> HttpResponse:
    judge, panel = panel_for_judge(request.user, panel_id)
    return render(request, "live/_tablet_form.html", _tablet_context(judge, panel))


@login_required
@require_POST
def tablet_save(request: HttpRequest, panel_id: int, action: str) -> HttpResponse:
    """Draft or submit for the team on stage; the sheet services do the checking."""
    if action not in ("draft", "submit"):
        raise Http404("No such action.")
    judge, panel = panel_for_judge(request.user, panel_id)
    entry_id = request.POST.get("entry", "")
    entry = venue_entry(panel, entry_id) if entry_id.isdigit() else None
    if entry is None:
        raise PodiumError(NOT_IN_VENUE, field="entry", status=409)
    access = sheet_access_to_save(judge, entry)
    form = access.form(request.POST, auto_id=_tablet_id(entry))

    def submitted() -> HttpResponse:
        context = _tablet_context(judge, panel, access=access)
        return render(request, "live/_tablet_form.html", context)

    def refused(form: SheetForm, status: int) -> HttpResponse:
        # A plain POST (no script): the whole tablet page, the form as typed.
        context = {**_tablet_context(judge, panel, form), "state": public_state(panel)}
        return render(
            request, "live/tablet.html", {**context, "phase_labels": _phase_labels()}, status=status
        )

    return draft_or_submit(
        request, access, form, draft=action == "draft", submitted=submitted, refused=refused
    )


async def events(request: HttpRequest, panel_id: int) -> StreamingHttpResponse:
    """Server-sent events where podium.live.push is not in front (it answers these under
    ASGI): the same frames; an unknown venue is a 404 page."""
    kept = await push.channel_ready(panel_id)
    if kept is None:
        raise Http404("No such venue.")
    response = StreamingHttpResponse(push.frames(kept), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
