from django.urls import path

from resettlement import views

app_name = "resettlement"
urlpatterns = [
    path("", views.ReleasedListView.as_view(), name="released_list"),
    path("register/", views.released_register, name="released_register"),
    path("import/", views.released_import, name="released_import"),
    path("import/template/", views.released_import_template, name="released_import_template"),
    path("assist/", views.AssistListView.as_view(), name="assist_list"),
    path("assist/<uuid:uuid>/", views.assist_detail, name="assist_detail"),
    path("assist/<uuid:uuid>/reply/", views.assist_reply, name="assist_reply"),
    path("<uuid:uuid>/", views.released_detail, name="released_detail"),
    path("<uuid:uuid>/handover/", views.handover, name="released_handover"),
    path("<uuid:uuid>/file/", views.file, name="released_file"),
    path("<uuid:uuid>/risk/", views.risk, name="released_risk"),
    path("<uuid:uuid>/visit/", views.visit, name="released_visit"),
    path("<uuid:uuid>/assistance/", views.assistance, name="released_assistance"),
    path("<uuid:uuid>/lost/", views.lost, name="released_lost"),
    path("<uuid:uuid>/end/", views.end, name="released_end"),
    path("<uuid:uuid>/co-manage/", views.co_manage, name="released_co_manage"),
    path("<uuid:uuid>/points/", views.points, name="released_points"),
    path("<uuid:uuid>/assist/", views.assist_new, name="released_assist"),
    path("<uuid:uuid>/group/", views.group_add, name="released_group_add"),
    path("<uuid:uuid>/group/<int:member>/remove/", views.group_remove, name="released_group_remove"),
]
