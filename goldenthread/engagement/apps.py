from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "goldenthread.engagement"
    verbose_name = "Consultation, complaints and needs evidence"

    def ready(self) -> None:
        from goldenthread import demo, navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.engagement.demo import build
        from goldenthread.engagement.thread import evidence_on_thread
        from goldenthread.strategy.thread import register_contributor

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Engagement", "engagement:index", order=70, visible=member)
        register_contributor(evidence_on_thread)
        demo.register_step(70, build)
