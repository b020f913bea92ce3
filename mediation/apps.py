from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = "人民调解"
    business = True
    # Its records are cases an office handles: a bureau above reads and supervises them, writes only its own
    # (accounts.scope.effective_scope, 办案范围).
    case_records = True

    def ready(self) -> None:
        from core.numbering import NumberKind, register_number_kind

        # 卷号 and 协议编号 share one series per committee and year: （2026）红西一人调字第1号.
        register_number_kind(NumberKind("mediation_case", "人调", "人民调解卷宗"))
