from django.contrib.auth import views as auth_views
from django.urls import path

# The signed-in home page (``me/``) joins this namespace in podium.site.urls.
from podium.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
