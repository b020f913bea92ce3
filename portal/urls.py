from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("mediation/apply/", views.mediation_apply, name="mediation_apply"),
    path("track/", views.track, name="track"),
]
