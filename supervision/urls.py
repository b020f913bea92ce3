from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("warnings/", views.WarningListView.as_view(), name="warning_list"),
    path("warnings/<uuid:uuid>/", views.WarningDetailView.as_view(), name="warning_detail"),
    path("warnings/<uuid:uuid>/close/", views.warning_close, name="warning_close"),
    path("warnings/<uuid:uuid>/issue/", views.item_issue, name="item_issue"),
    path("rules/", views.rule_list, name="rule_list"),
    path("items/", views.ItemListView.as_view(), name="item_list"),
    path("items/<uuid:uuid>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<uuid:uuid>/receive/", views.item_receive, name="item_receive"),
    path("items/<uuid:uuid>/rectify/", views.item_rectify, name="item_rectify"),
    path("items/<uuid:uuid>/verify/", views.item_verify, name="item_verify"),
    path("attachments/<uuid:uuid>/", views.attachment_download, name="attachment_download"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<uuid:uuid>/", views.ReportDetailView.as_view(), name="report_detail"),
]
