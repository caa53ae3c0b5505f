from django.urls import path

from podium.review import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:stage_id>/<int:project_id>/", views.sheet, name="sheet"),
    path("stages/<int:stage_id>/", views.organise, name="organise"),
    path("stages/<int:stage_id>/reminders.csv", views.reminders, name="reminders"),
    path("pairs/<int:pk>/clear/", views.pair_clear, name="pair_clear"),
]
