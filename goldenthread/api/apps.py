from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "goldenthread.api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the token scheme with drf-spectacular, so the schema documents it.
        from goldenthread.api import authentication  # noqa: F401
