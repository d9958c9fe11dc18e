from django.apps import AppConfig


class ChallengeConfig(AppConfig):
    name = "goldenthread.challenge"
    verbose_name = "Clinics, scrutiny, reviews and inspections"

    def ready(self) -> None:
        from goldenthread import demo, navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.challenge import suggestions
        from goldenthread.challenge.demo import build

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Challenge", "challenge:index", order=75, visible=member)
        suggestions.register_source("indicator", suggestions.red_or_declining_indicators)
        suggestions.register_source("action", suggestions.off_track_actions)
        suggestions.register_source("risk", suggestions.risks_above_appetite)
        demo.register_step(80, build)
