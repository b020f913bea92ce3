from django.apps import AppConfig


class LegalaidConfig(AppConfig):
    name = "legalaid"
    verbose_name = "法律援助"
    business = True
    # Its records are cases an office handles: a bureau above reads and supervises them, writes only its own
    # (accounts.scope.effective_scope, 办案范围).
    case_records = True

    def ready(self) -> None:
        from consultation.outcomes import register_outcome
        from legalaid.selectors import application_of_consultation

        # The consultation's page links to the application it became (consultation sits below legalaid).
        register_outcome("legal_aid", application_of_consultation)
