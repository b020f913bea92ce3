from django.apps import AppConfig


class ResettlementConfig(AppConfig):
    name = "resettlement"
    verbose_name = "安置帮教"
    business = True
    # Its records are cases an office handles: a bureau above reads and supervises them, writes only its own
    # (accounts.scope.effective_scope, 办案范围).
    case_records = True

    def ready(self) -> None:
        # 解除社区矫正人员 enter 安置帮教 through the corrections hand-over record. 社区矫正 lies below this module and
        # cannot call it, so this module listens for the hand-over being saved (in the same transaction).
        from django.apps import apps
        from django.db.models.signals import post_save

        if apps.is_installed("corrections"):
            from resettlement.signals import correction_handover_saved

            post_save.connect(correction_handover_saved, sender="corrections.Handover",
                              dispatch_uid="resettlement.correction_handover")
