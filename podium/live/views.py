from __future__ import annotations

import asyncio
import json

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from podium.errors import PodiumError
from podium.judging.forms import SheetForm
from podium.judging.models import Panel
from podium.judging.selectors import entry_titles
from podium.judging.sheet_access import sheet_access
from podium.judging.sheet_pages import draft_or_submit
from podium.live import services
from podium.live.events import broker, ensure_listener, sse
from podium.live.models import Phase
from podium.live.permissions import (
    panel_for_console,
    panel_for_host,
    panel_for_judge,
    panel_for_supervisor,
    panel_public,
)
from podium.live.selectors import (
    channel,
    live_panels,
    public_state,
    sheets_in,
    state_of,
    venue_entry,
)
from podium.schedule.selectors import stage_timetable

KEEPALIVE_SECONDS = 15
HOST_ACTIONS = {
    "next": services.host_next,
    "qa": services.host_start_qa,
    "open": services.host_open_scoring,
    "close": services.host_close_scoring,
    "pause": services.host_pause,
    "resume": services.host_resume,
}


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
    return render(
        request,
        "live/screen.html",
        {"panel": panel, "state": public_state(panel), "phase_labels": _phase_labels()},
    )


@login_required
@require_GET
def host(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = panel_for_console(request.user, panel_id)
    return render(
        request,
        "live/host.html",
        {
            "panel": panel,
            "state": public_state(panel),
            "phase_labels": _phase_labels(),
            "is_host": request.user.is_organiser,
            "is_supervisor": panel.supervisor_id == request.user.pk,
            **_progress(panel),
        },
    )


def _progress(panel: Panel) -> dict:
    state = state_of(panel)
    if state.entry is None:
        return {"waiting": [], "submitted_count": 0, "expected": []}
    submitted, expected = sheets_in(panel, state.entry)
    return {
        "waiting": [j for j in expected if j.pk not in submitted],
        "submitted_count": len(submitted),
        "expected": expected,
    }


@login_required
@require_GET
def host_progress(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = panel_for_console(request.user, panel_id)
    return render(request, "live/_progress.html", {"panel": panel, **_progress(panel)})


@login_required
@require_POST
def host_action(request: HttpRequest, panel_id: int, action: str) -> HttpResponse:
    if action == "reveal":
        panel = panel_for_supervisor(request.user, panel_id)
        perform = services.reveal_confirm
    elif action in HOST_ACTIONS:
        panel = panel_for_host(request.user, panel_id)
        perform = HOST_ACTIONS[action]
    else:
        raise Http404("No such action.")
    try:
        perform(actor=request.user, panel=panel)
    except PodiumError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse(status=204)


@login_required
@require_GET
def tablet(request: HttpRequest, panel_id: int) -> HttpResponse:
    judge, panel = panel_for_judge(request.user, panel_id)
    context = _tablet_context(judge, panel)
    context.update(state=public_state(panel), phase_labels=_phase_labels())
    return render(request, "live/tablet.html", context)


def _tablet_context(judge, panel, form=None, **extra) -> dict:
    state = state_of(panel)
    entry = state.entry
    context = {"panel": panel, "venue_state": state, "entry": entry, **extra}
    if entry is None:
        return context
    access = sheet_access(judge, entry)
    return {**context, "sheet": access.sheet, "form": form or access.form(), "rule": access.rule}


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
        return HttpResponse("entry: no such team in this venue", status=400)
    access = sheet_access(judge, entry)
    form = access.form(request.POST)

    def fragment(form: SheetForm | None = None, status: int = 200, **extra) -> HttpResponse:
        context = _tablet_context(judge, panel, form, **extra)
        return render(request, "live/_tablet_form.html", context, status=status)

    def refused(form: SheetForm, status: int) -> HttpResponse:
        # Errors about a criterion show beside it; the rest above the form.
        return fragment(form, status, error="; ".join(form.non_field_errors()))

    return draft_or_submit(
        request, access, form, draft=action == "draft", submitted=fragment, refused=refused
    )


async def events(request: HttpRequest, panel_id: int) -> StreamingHttpResponse:
    """Server-sent events: the venue's state at once, then every change as it commits."""
    panel = await sync_to_async(panel_public)(panel_id)
    name = channel(panel)

    async def stream():
        subscription = broker.subscribe(name)
        await ensure_listener()
        try:
            snapshot = await sync_to_async(public_state)(panel)
            yield sse(json.dumps(snapshot, ensure_ascii=False), event_id=snapshot["version"])
            while True:
                try:
                    message = await asyncio.wait_for(subscription[1].get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                yield sse(message, event_id=json.loads(message).get("version"))
        finally:
            broker.unsubscribe(name, subscription)

    response = StreamingHttpResponse(stream(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
