from django.urls import path, re_path

from podium.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/signup/", views.signup, name="signup"),
    path("signups/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/attendees/", views.attendee_list, name="attendees"),
    re_path(r"^(?P<pk>\d+)/attendees\.(?P<fmt>csv|xlsx)$", views.attendee_export, name="export"),
]
