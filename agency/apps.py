from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = "代收代办"
    business = True
    # 复议 applications and 代办 cases are an office's case records (办案范围, accounts.scope.effective_scope).
    case_records = True
