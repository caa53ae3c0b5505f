from django.urls import path

from podium.registration import views

app_name = "registration"
urlpatterns = [
    path("", views.projects, name="projects"),
    path("<int:pk>/", views.project, name="project"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
]
