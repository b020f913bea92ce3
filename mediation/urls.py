from django.urls import path

from mediation import views, views_stats

app_name = "mediation"
urlpatterns = [
    path("disputes/", views.DisputeListView.as_view(), name="dispute_list"),
    path("disputes/new/", views.dispute_create, name="dispute_create"),
    path("disputes/import/", views.dispute_import, name="dispute_import"),
    path("disputes/import/template/", views.dispute_import_template, name="dispute_import_template"),
    path("disputes/<uuid:uuid>/", views.dispute_detail, name="dispute_detail"),
    path("disputes/<uuid:uuid>/transcript/", views.dispute_transcript, name="dispute_transcript"),
    path("disputes/<uuid:uuid>/<slug:action>/", views.dispute_action, name="dispute_action"),
    path("report/", views.grid_report, name="grid_report"),
    path("mediators/", views.MediatorListView.as_view(), name="mediator_list"),
    path("mediators/new/", views.mediator_appoint, name="mediator_create"),
    path("mediators/<uuid:uuid>/training/", views.mediator_training, name="mediator_training"),
    path("committees/", views.CommitteeListView.as_view(), name="committee_list"),
    path("committees/<str:code>/", views.CommitteeDetailView.as_view(), name="committee_detail"),
    path("committees/<str:code>/profile/", views.committee_profile_edit, name="committee_profile_edit"),
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("statistics/", views_stats.dispute_statistics, name="statistics"),
]
