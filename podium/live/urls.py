from django.urls import path

from podium.live import views

app_name = "live"
urlpatterns = [
    path("", views.index, name="index"),
    path("events/<int:panel_id>/", views.events, name="events"),
    path("screen/<int:panel_id>/", views.screen, name="screen"),
    path("host/<int:panel_id>/", views.host, name="host"),
    path("host/<int:panel_id>/progress/", views.host_progress, name="host_progress"),
    path("host/<int:panel_id>/<slug:action>/", views.host_action, name="host_action"),
    path("tablet/<int:panel_id>/", views.tablet, name="tablet"),
    path("tablet/<int:panel_id>/form/", views.tablet_form, name="tablet_form"),
    path("tablet/<int:panel_id>/<slug:action>/", views.tablet_save, name="tablet_save"),
]
