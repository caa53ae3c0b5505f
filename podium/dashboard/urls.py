from django.urls import path, re_path

from podium.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    re_path(
        r"^dashboard/charts/(?P<name>[a-z]+)\.(?P<fmt>svg|png|csv|xlsx)$",
        views.chart_download,
        name="chart",
    ),
]
