from django.urls import path

from worklog import views

app_name = "worklog"
urlpatterns = [
    path("", views.today, name="today"),
    path("day/<str:day>/", views.day_view, name="day"),
    path("day/<str:day>/add/", views.manual_add, name="manual_add"),
    path("day/<str:day>/confirm/", views.confirm, name="confirm"),
    path("review/", views.review_list, name="review_list"),
    path("review/<uuid:uuid>/", views.review, name="review"),
    path("completion/", views.completion, name="completion"),
]
