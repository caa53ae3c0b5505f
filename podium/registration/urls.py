from django.urls import path

from podium.registration import organiser_views, signup_views, views

# A project's public page (``<pk>/``) joins this namespace in podium.site.urls.
app_name = "registration"
urlpatterns = [
    path("", views.projects, name="projects"),
    path("register/", signup_views.register, name="register"),
    path("my-registration/", signup_views.registration_edit, name="registration_edit"),
    path("review/", organiser_views.review_list, name="review"),
    path("<int:pk>/review/", organiser_views.review_decide, name="review_decide"),
    path("import/", organiser_views.import_page, name="import"),
    path("import/template.xlsx", organiser_views.template_download, name="template"),
    path("export.xlsx", organiser_views.export_download, name="export"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
]
