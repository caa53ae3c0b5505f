from django.urls import path, re_path

from podium.schedule import views

app_name = "schedule"
urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^(?P<stage>[-\w]+)\.(?P<fmt>ics|xlsx)$", views.export, name="export"),
    path("draws/", views.draws, name="draws"),
    path("draws/manage/", views.manage, name="manage"),
    path("draws/<slug:stage>/<slug:venue>/commit/", views.commit, name="commit"),
    path("draws/<slug:stage>/<slug:venue>/reveal/", views.reveal, name="reveal"),
]
