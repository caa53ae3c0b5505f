from django.urls import path, re_path

from podium.results import views

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:stage_id>/<slug:track>/", views.public, name="public"),
    path("<int:stage_id>/<slug:track>/live/", views.live, name="live"),
    path("<int:stage_id>/<slug:track>/<slug:action>/", views.act, name="act"),
    re_path(
        r"^(?P<stage_id>\d+)/(?P<track>[-\w]+)\.(?P<fmt>csv|xlsx)$", views.export, name="export"
    ),
    path("amendments/<int:pk>/", views.amendment, name="amendment"),
    path("deliberations/<int:pk>/", views.vote, name="vote"),
    path("ballots/", views.ballots, name="ballots"),
]
