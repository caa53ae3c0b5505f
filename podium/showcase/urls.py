from django.urls import path

from podium.showcase import views

app_name = "showcase"

urlpatterns = [
    path("", views.wall, name="wall"),
    path("screen/", views.screen, name="screen"),
    path("qr/<int:pk>.svg", views.qr, name="qr"),
]
