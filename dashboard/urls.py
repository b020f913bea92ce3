from django.urls import path

from dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.landing, name="landing"),
    path("rollups/rebuild/", views.rollups_rebuild, name="rollups_rebuild"),
    path("<str:code>/", views.org_board, name="org"),
    path("<str:code>/screen/", views.screen, name="screen"),
    path("<str:code>/records/<str:figure>/", views.records, name="records"),
]
