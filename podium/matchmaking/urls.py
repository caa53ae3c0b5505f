from django.urls import path

from podium.matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("", views.index, name="index"),
    path("partner/", views.partner_page, name="partner"),
    path("partner/offers/", views.offer_create, name="offer_create"),
    path("partner/offers/<int:pk>/delete/", views.offer_delete, name="offer_delete"),
    path("partner/request/<int:team>/", views.partner_request, name="partner_request"),
    path("team/", views.team_page, name="team"),
    path("team/seeks/", views.seek_save, name="seek_save"),
    path("team/seeks/<slug:kind>/delete/", views.seek_delete, name="seek_delete"),
    path("team/request/<int:offer>/", views.team_request, name="team_request"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/accept/", views.meeting_accept, name="accept"),
    path("meetings/<int:pk>/decline/", views.meeting_decline, name="decline"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<int:pk>/met/", views.meeting_met, name="met"),
    path("meetings/<int:pk>/outcome/", views.outcome_create, name="outcome"),
    path("overview/", views.overview, name="overview"),
    path("overview/slots/", views.slots_create, name="slots_create"),
    path("overview/refresh/", views.refresh, name="refresh"),
]
