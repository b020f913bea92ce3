from django.apps import AppConfig


class LegalaidConfig(AppConfig):
    name = "legalaid"
    verbose_name = "法律援助"
    business = True

    def ready(self) -> None:
        from consultation.outcomes import register_outcome
        from legalaid.selectors import application_of_consultation

        # The consultation's page links to the application it became (consultation sits below legalaid).
        register_outcome("legal_aid", application_of_consultation)
