from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "goldenthread.publishing"
    verbose_name = "Publishing and the public site"

    def ready(self) -> None:
        from goldenthread import navigation
        from goldenthread.accounts.permissions import can_publish

        def publisher(request):  # type: ignore[no-untyped-def]
            return can_publish(request.user, request.organisation)

        navigation.register("Publishing", "publishing:list", order=7, visible=publisher)
