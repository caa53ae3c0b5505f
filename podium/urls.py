from django.contrib import admin
from django.urls import include, path

from podium.api import api

urlpatterns = [
    path("", include("podium.dashboard.urls")),
    path("projects/", include("podium.registration.urls")),
    path("", include("podium.judging.urls")),
    path("results/", include("podium.results.urls")),
    path("reports/", include("podium.reports.urls")),
    path("review/", include("podium.review.urls")),
    path("schedule/", include("podium.schedule.urls")),
    path("live/", include("podium.live.urls")),
    path("wall/", include("podium.showcase.urls")),
    path("match/", include("podium.matchmaking.urls")),
    path("visits/", include("podium.visits.urls")),
    path("accounts/", include("podium.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
