"""Every page has its API route: whatever a user can read or do in the browser, an integration can do over
``/api/v1/``. Each page URL name maps to the API operations (operationId) that offer the same thing, or is named in
``WEB_ONLY`` (a browser mechanism with nothing to offer a client) or ``NOT_YET`` (a known gap, listed so it can only
shrink). A new page in none of them fails ``test_every_page_has_an_api_route``."""

from __future__ import annotations

from core.tests.test_permission_walk import _walked, url_patterns
from sifasuo.api import api

PAGE_TO_API: dict[str, tuple[str, ...]] = {
    "accounts:profile": ("token_list",),
    "accounts:users": ("user_list",),
    "accounts:user_create": ("user_create",),
    "accounts:user_detail": ("user_detail",),
    "accounts:user_edit": ("user_update",),
    "accounts:user_reset_password": ("user_reset_password",),
    "accounts:user_unlock": ("user_unlock",),
    "accounts:membership_add": ("membership_add",),
    "accounts:membership_remove": ("membership_remove",),
    "accounts:roles": ("role_list",),
    "accounts:role_detail": ("role_detail",),
    "accounts:role_edit": ("role_update",),
    "accounts:login_log": ("login_log_list",),
    "orgs:list": ("org_list", "region_list"),
    "orgs:detail": ("org_detail", "region_detail"),
    "people:list": ("person_list",),
    "people:create": ("person_create",),
    "people:detail": ("person_detail",),
    "people:edit": ("person_update",),
    "people:reveal": ("person_reveal_id",),
    "people:merge": ("person_duplicates", "person_merge"),  # the detail page lists the duplicates beside 合并
    "people:import": ("person_import", "taskrun_detail"),  # the dialog polls the task for progress and the report
    "mediation:dispute_list": ("dispute_list",),
    "mediation:dispute_create": ("dispute_register",),
    "mediation:dispute_detail": ("dispute_detail",),
    "mediation:dispute_transcript": ("dispute_transcript",),
    "mediation:dispute_import": ("dispute_import", "taskrun_detail"),
    "mediation:dispute_action": (
        "dispute_update", "dispute_accept", "dispute_reject", "dispute_assign", "dispute_escalate", "dispute_report_risk",
        "dispute_investigation", "dispute_session", "dispute_agreement", "dispute_fail", "dispute_performance",
        "dispute_unperformed", "dispute_confirmation", "dispute_followup", "dispute_close", "dispute_archive",
        "dispute_identity_merge", "dispute_identity_correct",
    ),
    "mediation:mediator_list": ("mediator_list", "mediator_detail"),
    "mediation:mediator_create": ("mediator_appoint",),
    "mediation:mediator_training": ("mediator_training",),
    "mediation:committee_profile_edit": ("committee_profile_save",),
    "mediation:expert_create": ("expert_create",),
    "mediation:statistics": ("dispute_statistics",),
    "mediation:grid_report": ("dispute_register",),  # a grid worker's lead is a registration with source "grid"
    "mediation:committee_list": ("committee_list",),
    "mediation:committee_detail": ("committee_detail",),
    "mediation:expert_list": ("expert_list",),
    "consultation:consultation_list": ("consultation_list",),
    "consultation:consultation_create": ("consultation_create",),
    "consultation:consultation_detail": ("consultation_detail",),
    "consultation:consultation_edit": ("consultation_update",),
    "consultation:consultation_convert": ("consultation_convert",),
    "consultation:consultation_create_transcript": ("consultation_create_transcript",),
    "consultation:consultation_transcript": ("consultation_transcript",),
    "corrections:subject_list": ("subject_list",),
    "corrections:subject_receive": ("subject_receive",),
    "corrections:subject_detail": ("subject_detail",),
    "corrections:subject_edit": ("subject_update",),
    "corrections:subject_release": ("subject_release",),
    "corrections:investigation_list": ("investigation_list",),
    "corrections:investigation_register": ("investigation_register",),
    "corrections:investigation_detail": ("investigation_detail",),
    "corrections:investigation_extend": ("investigation_extend",),
    "corrections:investigation_interview": ("investigation_interview",),
    "corrections:investigation_issue": ("investigation_issue",),
    "corrections:investigation_submit": ("investigation_submit",),
    "corrections:investigation_review": ("investigation_review",),
    "corrections:arrival_list": ("arrival_list",),
    "corrections:arrival_notice": ("arrival_notice",),
    "corrections:arrival_detail": ("arrival_detail",),
    "corrections:arrival_missing": ("arrival_missing",),
    "corrections:subject_prohibition": ("subject_prohibition",),
    "corrections:subject_reception": ("subject_reception",),
    "corrections:subject_team": ("subject_team",),
    "corrections:subject_handover": ("subject_handover",),
    "resettlement:released_list": ("released_list",),
    "resettlement:released_register": ("released_register",),
    "resettlement:released_import": ("released_import", "taskrun_detail"),
    "resettlement:released_detail": ("released_detail",),
    "resettlement:released_handover": ("released_handover",),
    "resettlement:released_file": ("released_file",),
    "resettlement:released_risk": ("released_risk",),
    "resettlement:released_visit": ("released_visit",),
    "resettlement:released_assistance": ("released_assistance",),
    "resettlement:released_lost": ("released_lost",),
    "resettlement:released_end": ("released_end",),
    "resettlement:released_group_add": ("released_group_add",),
    "resettlement:released_group_remove": ("released_group_remove",),
    "resettlement:released_co_manage": ("released_co_manage",),
    "resettlement:released_points": ("released_points", "points_items"),
    "resettlement:released_assist": ("released_assist",),
    "resettlement:assist_list": ("assist_list",),
    "resettlement:assist_detail": ("assist_detail",),
    "resettlement:assist_reply": ("assist_reply",),
    "corrections:obligation_list": ("obligation_list",),
    "corrections:checkin_list": ("checkin_list",),
    "corrections:request_list": ("subject_request_list",),
    "corrections:monitoring_list": ("monitoring_list",),
    "corrections:alert_list": ("location_alert_list",),
    "corrections:abscond_list": ("abscond_list",),
    "corrections:sanction_list": ("sanction_list",),
    "corrections:review_list": ("review_list",),
    "corrections:reoffence_list": ("reoffence_list",),
    "corrections:reoffence_detail": ("reoffence_detail",),
    "corrections:reoffence_record": ("reoffence_record",),
    "corrections:reoffence_edit": ("reoffence_update",),
    "corrections:transfer_list": ("transfer_list",),
    "corrections:transfer_detail": ("transfer_detail",),
    "corrections:transfer_approve": ("transfer_approve",),
    "corrections:transfer_handover": ("transfer_handover",),
    "corrections:transfer_cancel": ("transfer_cancel",),
    "corrections:transfer_report": ("transfer_report",),
    "corrections:subject_duties": ("obligation_list", "sanction_suggestion_list"),  # the page shows the schedule and the suggestions
    "corrections:duty_action": (
        "obligations_schedule", "obligation_fulfil", "obligation_excuse", "subject_request_submit", "subject_request_refer",
        "subject_request_decide", "subject_request_return", "monitoring_start", "monitoring_renew", "monitoring_end",
        "location_alert_handle", "abscond_register", "abscond_step", "abscond_found", "sanction_decide", "review_record",
    ),
    "corrections:subject_grading": ("subject_conditions_detail", "correction_assessment_list", "correction_grade_history"),
    "corrections:conditions_edit": ("subject_conditions_update",),
    "corrections:assessment_create": ("correction_assessment_create", "correction_rule_set"),
    "corrections:assessment_detail": ("correction_assessment_detail",),
    "corrections:grade_adjust": ("correction_grade_adjust",),
    "corrections:grade_list": ("correction_grade_list",),
    "corrections:plan_generate": ("correction_plan_generate",),
    "corrections:plan_list": ("correction_plan_list",),
    "corrections:plan_detail": ("correction_plan_detail", "correction_plan_obligations"),
    "corrections:plan_edit": ("correction_plan_update",),
    "corrections:plan_approve": ("correction_plan_approve",),
    "corrections:measure_add": ("correction_plan_measure_add",),
    "corrections:measure_edit": ("correction_plan_measure_update",),
    "corrections:measure_remove": ("correction_plan_measure_remove",),
    "corrections:proposal_list": ("correction_proposal_list",),
    "corrections:proposal_decide": ("correction_proposal_decide",),
    "corrections:regrade_run": ("correction_regrade_run",),
    "corrections:standards": ("correction_level_list", "correction_strategy_list"),
    "corrections:validation_report": ("correction_grade_validation",),
    # The subject's phone page (corrections/m/, outside the staff permission walk): the subject's own API with its token.
    "corrections:mobile_login": ("phone_code_send", "phone_login"),
    "corrections:mobile_home": ("phone_profile", "phone_today", "phone_obligation_list", "phone_obligation_detail",
                                "phone_record_list", "phone_record_detail"),
    "corrections:mobile_checkin": ("phone_checkin",),
    "corrections:mobile_report": ("phone_report",),
    "corrections:mobile_logout": ("phone_logout",),
    "agency:review_list": ("agency_review_list",),
    "agency:review_create": ("agency_review_create",),
    "agency:review_detail": ("agency_review_detail",),
    "agency:review_forward": ("agency_review_forward",),
    "agency:review_acceptance": ("agency_review_acceptance",),
    "agency:review_decide": ("agency_review_decide",),
    "agency:review_withdraw": ("agency_review_withdraw",),
    "agency:case_list": ("agency_case_list",),
    "agency:case_create": ("agency_case_create",),
    "agency:case_detail": ("agency_case_detail",),
    "agency:case_forward": ("agency_case_forward",),
    "agency:case_result": ("agency_case_result",),
    "agency:guide_list": ("agency_guide_list",),
    "legalaid:application_list": ("legal_aid_application_list",),
    "legalaid:application_create": ("legal_aid_application_create",),
    "legalaid:application_detail": ("legal_aid_application_detail",),
    "legalaid:application_forward": ("legal_aid_application_forward",),
    "legalaid:application_edit": ("legal_aid_application_update",),
    "legalaid:application_not_accept": ("legal_aid_application_not_accept",),
    "legalaid:application_from_consultation": ("legal_aid_application_create",),  # with ``consultation`` in the body
    "legalaid:review_list": ("legal_aid_review_list",),
    "legalaid:review_create": ("legal_aid_review_create",),
    "legalaid:notice_create": ("legal_aid_notice_create",),
    "legalaid:review_detail": ("legal_aid_review_detail", "legal_aid_review_eligibility"),
    "legalaid:review_materials": ("legal_aid_review_materials",),
    "legalaid:review_materials_received": ("legal_aid_review_materials_received",),
    "legalaid:review_advance": ("legal_aid_review_advance",),
    "legalaid:review_decide": ("legal_aid_review_decide",),
    "legalaid:review_assign": ("legal_aid_review_assign",),
    "legalaid:review_objection": ("legal_aid_review_objection",),
    "legalaid:review_objection_decide": ("legal_aid_review_objection_decide",),
    "legalaid:provider_list": ("legal_aid_provider_list",),
    "legalaid:provider_create": ("legal_aid_provider_create",),
    "legalaid:provider_detail": ("legal_aid_provider_detail",),
    "legalaid:provider_edit": ("legal_aid_provider_update",),
    "legalaid:assignment_list": ("legal_aid_case_list",),
    "legalaid:assignment_detail": ("legal_aid_case_detail",),
    "legalaid:assignment_progress": ("legal_aid_case_progress",),
    "legalaid:assignment_end": ("legal_aid_case_end",),
    "legalaid:assignment_close": ("legal_aid_case_close",),
    "legalaid:assignment_terminate": ("legal_aid_case_terminate",),
    "legalaid:assignment_quality": ("legal_aid_case_quality",),
    "legalaid:assignment_visit": ("legal_aid_case_visit",),
    "legalaid:assignment_change": ("legal_aid_case_change_provider",),
    "worklog:day": ("worklog_day", "worklog_range"),
    "worklog:manual_add": ("worklog_add",),
    "worklog:confirm": ("worklog_confirm",),
    "worklog:review_list": ("worklog_review_list",),
    "worklog:review": ("worklog_review",),
    "worklog:completion": ("worklog_completion",),
    "assessment:standard_list": ("standard_list",),
    "assessment:standard_detail": ("standard_detail",),
    "assessment:standard_new_version": ("standard_new_version",),
    "assessment:standard_item_edit": ("standard_item_update",),
    "assessment:standard_publish": ("standard_publish",),
    "assessment:ranking": ("score_ranking",),
    "assessment:office_detail": ("office_score",),
    "assessment:item_events": ("office_item_events",),
    "assessment:manual_score": ("office_manual_score",),
    "assessment:adjust": ("office_adjust",),
    "documents:list": ("document_list", "document_detail", "document_kind_list"),
    "documents:generate": ("document_generate",),
    "documents:download": ("document_download",),
    "documents:pdf": ("document_pdf",),
    "documents:pdf_request": ("document_pdf_request",),
    "supervision:warning_list": ("warning_list",),
    "supervision:warning_detail": ("warning_detail",),
    "supervision:warning_close": ("warning_close",),
    "supervision:item_issue": ("item_issue",),
    "supervision:item_list": ("item_list",),
    "supervision:item_detail": ("item_detail",),
    "supervision:item_receive": ("item_receive",),
    "supervision:item_rectify": ("item_rectify",),
    "supervision:item_verify": ("item_verify", "item_return"),
    "supervision:rule_list": ("rule_list",),
    "supervision:attachment_download": ("attachment_download",),
    "supervision:report_list": ("report_list",),
    "supervision:report_create": ("report_create",),
    "supervision:report_detail": ("report_detail",),
    "dashboard:home": ("board_home",),
    "dashboard:org": ("board_org",),
    "dashboard:screen": ("board_org",),  # the 大屏 shows the board's figures full-screen
    "dashboard:records": ("board_records",),
    "dashboard:rollups_rebuild": ("rollups_rebuild", "taskrun_detail"),  # the page polls the task for its progress
    "reports:index": ("report_table_list",),
    "reports:table": ("report_table",),
    "reports:download": ("report_download",),
    "core:notifications": ("notification_list",),
    "core:notifications_read": ("notification_read",),
    "core:taskrun": ("taskrun_detail",),
    "core:audit": ("audit_list",),
}

# Browser mechanisms: nothing here that an API client would call.
WEB_ONLY = {
    "accounts:otp": "网页登录的双因素验证步骤；接口用访问令牌认证",
    "accounts:otp_disable": "网页登录的双因素验证设置",
    "accounts:password_change": "网页登录密码；接口用访问令牌认证",
    "worklog:today": "跳转到今天的日志页",
    "dashboard:landing": "登录后的跳转",
    "core:ping": "网页会话保活",
    "core:home": "今日待办页面，由各模块接口的期限与预警组成",
    "people:import_template": "网页导入对话框的 Excel 模板",
    "mediation:dispute_import_template": "网页导入对话框的 Excel 模板",
    "resettlement:released_import_template": "网页导入对话框的 Excel 模板",
}

# Pages whose actions have no API route yet: empty, and a new page may not be added here; it brings its route.
NOT_YET: set[str] = set()


# Pages outside the staff permission walk that still offer actions, so they need their API routes too: the subject's
# phone page (the subject signs in with the ID number and a text-message code).
OWN_LOGIN_PAGES = ("corrections/m/",)


def _pages() -> set[str]:
    return {name for route, name in url_patterns()
            if (_walked(route) or route.startswith(OWN_LOGIN_PAGES)) and not route.startswith("api/")}


def _operations() -> set[str]:
    return {op["operationId"] for ops in api.get_openapi_schema()["paths"].values() for op in ops.values()}


def test_every_page_has_an_api_route() -> None:
    unmapped = sorted(_pages() - set(PAGE_TO_API) - set(WEB_ONLY) - NOT_YET)
    assert not unmapped, "这些页面没有对应的 API 接口，请在 api.py 中补上并登记到 PAGE_TO_API：\n" + "\n".join(unmapped)


def test_the_mapping_names_only_existing_pages_and_operations() -> None:
    pages, operations = _pages(), _operations()
    assert not sorted((set(PAGE_TO_API) | set(WEB_ONLY) | NOT_YET) - pages)
    assert not sorted({op for ops in PAGE_TO_API.values() for op in ops} - operations)


def test_a_page_is_listed_once() -> None:
    assert not set(PAGE_TO_API) & (set(WEB_ONLY) | NOT_YET)
    assert not set(WEB_ONLY) & NOT_YET


def test_every_api_operation_answers_a_page_or_the_client_itself() -> None:
    """The reverse direction: an operation no page offers must be an API client's own (its tokens, and the 身份证号码
    lookup key a client exchanges the number for, so the number never appears in a list URL; pages post the number)."""
    # location_alert_push: the outside positioning system's own channel (signed push of 定位报警), no page behind it.
    own = {"token_issue", "token_revoke", "id_key_make", "location_alert_push"}
    mapped = {op for ops in PAGE_TO_API.values() for op in ops}
    assert sorted(_operations() - mapped - own) == []
