from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "goldenthread.strategy"
    verbose_name = "Strategy and the golden thread"

    def ready(self) -> None:
        from goldenthread import demo, navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.strategy.demo import build

        demo.register_step(20, build)

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Home", "home", order=0, visible=lambda request: True)
        navigation.register(
            "Framework", "strategy:framework", order=10, visible=lambda request: True
        )
        navigation.register("Plans", "strategy:plan_list", order=20, visible=member)
        navigation.register("Objectives", "strategy:objective_list", order=30, visible=member)
        navigation.register("Organisation", "accounts:unit_tree", order=80, visible=member)
        navigation.register("Committees", "accounts:committee_list", order=85, visible=member)
        navigation.register("Calendar", "strategy:calendar", order=90, visible=member)
