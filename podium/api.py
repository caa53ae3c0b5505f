"""The REST API root: one NinjaAPI, routers from each app, errors mapped in one place."""

from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from podium.accounts.api import router as accounts_router
from podium.competitions.api import router as competitions_router
from podium.dashboard.api import router as dashboard_router
from podium.errors import Message, PodiumError, gettext_noop
from podium.judging.api import router as sheets_router
from podium.ledger.api import router as ledger_router
from podium.matchmaking.api import router as matchmaking_router
from podium.refusals import localise
from podium.registration.api import router as registration_router
from podium.results.api import router as results_router
from podium.review.api import router as review_router
from podium.schedule.api import router as schedule_router
from podium.visits.api import router as visits_router

api = NinjaAPI(
    title="Podium API",
    version="1.0",
    description="Editions, stages, tracks, projects and figures of a judged competition.",
    urls_namespace="api",
    # swagger-ui from ninja's static files (ninja is an installed app), with no call to
    # validator.swagger.io: the page needs no other host, and the site's policy allows none.
    # Its script needs neither inline script nor eval; its stylesheet draws the forms'
    # arrows and icons as data: images, which this page alone allows.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=csp_update({"img-src": ["data:"]}),
)
api.add_router("/", competitions_router)
api.add_router("/projects", registration_router)
api.add_router("/stats", dashboard_router)
api.add_router("/me", accounts_router)
api.add_router("/sheets", sheets_router)
api.add_router("/results", results_router)
api.add_router("/review", review_router)
api.add_router("/schedule", schedule_router)
api.add_router("/matchmaking", matchmaking_router)
api.add_router("/visits", visits_router)
api.add_router("/ledger", ledger_router)

_LOCATIONS = {"body", "query", "path", "payload", "form"}
TOO_LARGE = gettext_noop("the request body is larger than {limit} bytes")


@api.exception_handler(PodiumError)
def podium_error(request: HttpRequest, error: PodiumError):
    # In the language of the request's Accept-Language (LocaleMiddleware activated it).
    body = {"detail": localise(error.message), "field": error.field}
    return api.create_response(request, body, status=error.status)


@api.exception_handler(RequestDataTooBig)
def request_too_large(request: HttpRequest, error: RequestDataTooBig):
    # Django refuses the body once past DATA_UPLOAD_MAX_MEMORY_SIZE (an HTML 400 before).
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return podium_error(request, PodiumError(Message(TOO_LARGE, limit=limit), status=413))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError):
    # Ninja's own refusals (a body that is not JSON) in the same shape as ours; a 401
    # (AuthenticationError, an HttpError too) keeps its {"detail": "Unauthorized"}.
    body = {"detail": str(error)}
    if not isinstance(error, AuthenticationError):
        body["field"] = None
    return api.create_response(request, body, status=error.status_code)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied):
    return api.create_response(request, {"detail": str(error) or "forbidden"}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError):
    errors = [
        {
            "field": ".".join(str(p) for p in e.get("loc", ()) if p not in _LOCATIONS),
            "message": e.get("msg", "invalid"),
        }
        for e in error.errors
    ] or [{"field": "", "message": "invalid input"}]
    first = errors[0]
    body = {"detail": f"{first['field']}: {first['message']}", "field": first["field"]}
    return api.create_response(request, {**body, "errors": errors}, status=400)
