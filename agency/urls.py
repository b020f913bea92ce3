from django.urls import path

from agency import views

app_name = "agency"
urlpatterns = [
    path("review/", views.ReviewListView.as_view(), name="review_list"),
    path("review/new/", views.review_create, name="review_create"),
    path("review/<uuid:uuid>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("review/<uuid:uuid>/forward/", views.review_forward, name="review_forward"),
    path("review/<uuid:uuid>/acceptance/", views.review_acceptance, name="review_acceptance"),
    path("review/<uuid:uuid>/decide/", views.review_decide, name="review_decide"),
    path("review/<uuid:uuid>/withdraw/", views.review_withdraw, name="review_withdraw"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<uuid:uuid>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<uuid:uuid>/forward/", views.case_forward, name="case_forward"),
    path("cases/<uuid:uuid>/result/", views.case_result, name="case_result"),
    path("guides/", views.GuideListView.as_view(), name="guide_list"),
]
