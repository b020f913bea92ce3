from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("ping/", views.ping, name="ping"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("tasks/<uuid:uuid>/", views.taskrun_progress, name="taskrun"),
    path("audit/", views.AuditListView.as_view(), name="audit"),
]
