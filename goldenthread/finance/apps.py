from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "goldenthread.finance"
    verbose_name = "Medium Term Financial Plan and budget monitoring"

    def ready(self) -> None:
        from goldenthread import demo, navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.challenge.suggestions import register_source
        from goldenthread.finance.challenge import budget_variances
        from goldenthread.finance.demo import build

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Finance", "finance:overview", order=57, visible=member)
        register_source("budget", budget_variances)
        demo.register_step(65, build)
