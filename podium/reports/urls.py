from django.urls import path

from podium.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("workbook.xlsx", views.workbook, name="workbook"),
    path("<int:stage_id>/venues/<slug:venue>.pdf", views.venue_report_pdf, name="venue"),
    path("<int:stage_id>/certificates.pdf", views.stage_certificates_pdf, name="certificates"),
    path(
        "<int:stage_id>/certificates/<slug:project>.pdf",
        views.team_certificate_pdf,
        name="certificate",
    ),
]
