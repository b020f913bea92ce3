from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "预警督办"
    business = True

    def ready(self) -> None:
        from core.numbering import NumberKind, register_number_kind
        from supervision import rules

        # 文号 of the ten supervision documents: the bureau's series for what it issues, the office's for its reply.
        for code, word, label in (
            ("supervision_tip", "提", "提示函"),
            ("supervision_letter", "督", "督办函"),
            ("supervision_problems", "问", "问题清单"),
            ("supervision_assign", "交", "交办单"),
            ("supervision_feedback", "馈", "整改反馈单"),
            ("supervision_rectify", "改", "整改通知书"),
            ("supervision_interview", "谈", "约谈通知书"),
            ("supervision_assess", "考", "考核结果通知书"),
            ("supervision_stats", "统", "统计表"),
            ("supervision_report", "析", "分析报告"),
        ):
            register_number_kind(NumberKind(code, word, label))
        rules.register_evaluators_from_apps()
