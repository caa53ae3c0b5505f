from django.urls import path

from podium.judging import views

app_name = "judging"
urlpatterns = [path("<int:pk>/", views.panel, name="panel")]
