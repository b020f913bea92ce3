from django.urls import path

from corrections import cycle_views, views, views_plans

app_name = "corrections"
urlpatterns = [
    path("", views.SubjectListView.as_view(), name="subject_list"),
    path("receive/", views.subject_receive, name="subject_receive"),
    path("<uuid:uuid>/", views.subject_detail, name="subject_detail"),
    path("<uuid:uuid>/edit/", views.subject_edit, name="subject_edit"),
    path("<uuid:uuid>/release/", views.subject_release, name="subject_release"),
    # 分类管理与矫正方案 (corrections/views_plans.py)
    path("<uuid:uuid>/grading/", views_plans.subject_grading, name="subject_grading"),
    path("<uuid:uuid>/conditions/", views_plans.conditions_edit, name="conditions_edit"),
    path("<uuid:uuid>/assess/", views_plans.assessment_create, name="assessment_create"),
    path("<uuid:uuid>/grade/", views_plans.grade_adjust, name="grade_adjust"),
    path("<uuid:uuid>/plan/generate/", views_plans.plan_generate, name="plan_generate"),
    path("assessments/<uuid:uuid>/", views_plans.assessment_detail, name="assessment_detail"),
    path("plans/", views_plans.PlanListView.as_view(), name="plan_list"),
    path("plans/<uuid:uuid>/", views_plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:uuid>/edit/", views_plans.plan_edit, name="plan_edit"),
    path("plans/<uuid:uuid>/approve/", views_plans.plan_approve, name="plan_approve"),
    path("plans/<uuid:uuid>/measures/add/", views_plans.measure_add, name="measure_add"),
    path("plans/<uuid:uuid>/measures/<int:measure_id>/edit/", views_plans.measure_edit, name="measure_edit"),
    path("plans/<uuid:uuid>/measures/<int:measure_id>/remove/", views_plans.measure_remove, name="measure_remove"),
    path("grades/", views_plans.GradeListView.as_view(), name="grade_list"),
    path("regrade/", views_plans.ProposalListView.as_view(), name="proposal_list"),
    path("regrade/run/", views_plans.regrade_run, name="regrade_run"),
    path("regrade/<uuid:uuid>/decide/", views_plans.proposal_decide, name="proposal_decide"),
    path("standards/", views_plans.standards, name="standards"),
    path("validation/", views_plans.validation_report, name="validation_report"),
]

# 调查评估, 待接收, the reception extras and the 期满鉴定 (corrections.cycle_views).
urlpatterns += [
    path("investigations/", cycle_views.InvestigationListView.as_view(), name="investigation_list"),
    path("investigations/register/", cycle_views.investigation_register, name="investigation_register"),
    path("investigations/<uuid:uuid>/", cycle_views.investigation_detail, name="investigation_detail"),
    path("investigations/<uuid:uuid>/extend/", cycle_views.investigation_extend, name="investigation_extend"),
    path("investigations/<uuid:uuid>/interview/", cycle_views.investigation_interview, name="investigation_interview"),
    path("investigations/<uuid:uuid>/issue/", cycle_views.investigation_issue, name="investigation_issue"),
    path("investigations/<uuid:uuid>/submit/", cycle_views.investigation_submit, name="investigation_submit"),
    path("investigations/<uuid:uuid>/review/", cycle_views.investigation_review, name="investigation_review"),
    path("arrivals/", cycle_views.ArrivalListView.as_view(), name="arrival_list"),
    path("arrivals/notice/", cycle_views.arrival_notice, name="arrival_notice"),
    path("arrivals/<uuid:uuid>/", cycle_views.arrival_detail, name="arrival_detail"),
    path("arrivals/<uuid:uuid>/missing/", cycle_views.arrival_missing, name="arrival_missing"),
    path("<uuid:uuid>/prohibition/", cycle_views.subject_prohibition, name="subject_prohibition"),
    path("<uuid:uuid>/reception/", cycle_views.subject_reception, name="subject_reception"),
    path("<uuid:uuid>/team/", cycle_views.subject_team, name="subject_team"),
    path("<uuid:uuid>/handover/", cycle_views.subject_handover, name="subject_handover"),
]

# --- 日常监管 (corrections/views_duties.py) ---------------------------------------------------------------------------
from corrections import views_duties  # noqa: E402

urlpatterns += [
    path("duties/obligations/", views_duties.ObligationListView.as_view(), name="obligation_list"),
    path("duties/checkins/", views_duties.CheckInListView.as_view(), name="checkin_list"),
    path("duties/requests/", views_duties.RequestListView.as_view(), name="request_list"),
    path("duties/monitorings/", views_duties.MonitoringListView.as_view(), name="monitoring_list"),
    path("duties/alerts/", views_duties.AlertListView.as_view(), name="alert_list"),
    path("duties/absconds/", views_duties.AbscondListView.as_view(), name="abscond_list"),
    path("duties/sanctions/", views_duties.SanctionListView.as_view(), name="sanction_list"),
    path("duties/reviews/", views_duties.ReviewListView.as_view(), name="review_list"),
    path("<uuid:uuid>/duties/", views_duties.subject_duties, name="subject_duties"),
    path("duties/<slug:action>/<uuid:uuid>/", views_duties.duty_action, name="duty_action"),
    # The subject's own phone page: no staff login; the subject signs in with the ID number and a text-message code.
    path("m/", views_duties.mobile_login, name="mobile_login"),
    path("m/home/", views_duties.mobile_home, name="mobile_home"),
    path("m/checkin/", views_duties.mobile_checkin, name="mobile_checkin"),
    path("m/report/", views_duties.mobile_report, name="mobile_report"),
    path("m/logout/", views_duties.mobile_logout, name="mobile_logout"),
]

# --- 重新违法犯罪 (考核 N03) and 变更执行地 (corrections/views_records.py) -----------------------------------------------
from corrections import views_records  # noqa: E402

urlpatterns += [
    path("reoffences/", views_records.ReoffenceListView.as_view(), name="reoffence_list"),
    path("reoffences/<uuid:uuid>/", views_records.ReoffenceDetailView.as_view(), name="reoffence_detail"),
    path("reoffences/<uuid:uuid>/edit/", views_records.reoffence_edit, name="reoffence_edit"),
    path("<uuid:uuid>/reoffence/", views_records.reoffence_record, name="reoffence_record"),
    path("transfers/", views_records.TransferListView.as_view(), name="transfer_list"),
    path("transfers/<uuid:uuid>/", views_records.TransferDetailView.as_view(), name="transfer_detail"),
    path("transfers/<uuid:uuid>/handover/", views_records.transfer_handover, name="transfer_handover"),
    path("transfers/<uuid:uuid>/cancel/", views_records.transfer_cancel, name="transfer_cancel"),
    path("<uuid:uuid>/transfer/", views_records.transfer_approve, name="transfer_approve"),
    path("<uuid:uuid>/transfer-report/", views_records.transfer_report, name="transfer_report"),
]
