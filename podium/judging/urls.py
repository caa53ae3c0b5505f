from django.urls import path

from podium.judging import views

app_name = "judging"
urlpatterns = [
    path("panels/<int:pk>/", views.panel, name="panel"),
    path("score/", views.my_sheets, name="my_sheets"),
    path("score/<int:stage_id>/<int:project_id>/", views.sheet, name="sheet"),
]
