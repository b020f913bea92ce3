from core.parameters import ParameterSpec

REMIND_USER_AFTER = ParameterSpec(
    "worklog.remind_user_after_days", 1, "漏填日志提醒本人（工作日）", "连续未确认日志的工作日数达到该值时提醒本人"
)
REMIND_LEADER_AFTER = ParameterSpec(
    "worklog.remind_leader_after_days", 3, "漏填日志提醒所长（工作日）", "连续未确认日志的工作日数达到该值时提醒司法所所长"
)
