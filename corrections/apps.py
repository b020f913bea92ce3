from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "corrections"
    verbose_name = "社区矫正"
    business = True
    # Its records are cases an office handles: a bureau above reads and supervises them, writes only its own
    # (accounts.scope.effective_scope, 办案范围).
    case_records = True
