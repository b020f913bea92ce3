from django.urls import path

from assessment import views

app_name = "assessment"
urlpatterns = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/new-version/", views.standard_new_version, name="standard_new_version"),
    path("standards/<int:pk>/items/<int:item_pk>/edit/", views.standard_item_edit, name="standard_item_edit"),
    path("standards/<int:pk>/publish/", views.standard_publish, name="standard_publish"),
    path("ranking/", views.ranking, name="ranking"),
    path("offices/<str:code>/", views.office_detail, name="office_detail"),
    path("offices/<str:code>/items/<int:item_pk>/events/", views.office_item_events, name="item_events"),
    path("offices/<str:code>/items/<int:item_pk>/score/", views.manual_score, name="manual_score"),
    path("offices/<str:code>/items/<int:item_pk>/adjust/", views.adjust, name="adjust"),
]
