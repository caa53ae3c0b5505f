from django.urls import path

from podium.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.index, name="index"),
    path("checkpoint.txt", views.latest_note, name="latest_note"),
    path("checkpoints/<int:size>.txt", views.note, name="note"),
    path(views.VERIFIER_NAME, views.verifier, name="verifier"),
]
