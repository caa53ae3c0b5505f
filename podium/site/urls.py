"""The URL map. Composite pages join their app's namespace here, so their names
(``accounts:home``, ``registration:project``) stay where users and templates expect them."""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from podium.accounts.urls import urlpatterns as accounts_patterns
from podium.api import api
from podium.registration.urls import urlpatterns as registration_patterns
from podium.site import views

accounts = [*accounts_patterns, path("me/", views.home, name="home")]
registration = [*registration_patterns, path("<int:pk>/", views.project, name="project")]

urlpatterns = [
    path("", include("podium.dashboard.urls")),
    path("projects/", include((registration, "registration"))),
    path("", include("podium.judging.urls")),
    path("results/", include("podium.results.urls")),
    path("reports/", include("podium.reports.urls")),
    path("review/", include("podium.review.urls")),
    path("schedule/", include("podium.schedule.urls")),
    path("live/", include("podium.live.urls")),
    path("wall/", include("podium.showcase.urls")),
    path("match/", include("podium.matchmaking.urls")),
    path("visits/", include("podium.visits.urls")),
    path("ledger/", include("podium.ledger.urls")),
    path("accounts/", include((accounts, "accounts"))),
    # The language switch is on every public page: exempt from CSRF (choosing a language
    # is no privilege to forge) so an anonymous page needs no token and sets no cookie.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
