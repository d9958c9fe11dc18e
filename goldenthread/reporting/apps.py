from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "goldenthread.reporting"
    verbose_name = "Dashboards and reports"

    def ready(self) -> None:
        from goldenthread import navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.reporting import annual_sections as annual
        from goldenthread.reporting import indicator_sections as indicators
        from goldenthread.reporting.attention import (
            INDICATORS,
            other_attention_sections,
            register_attention,
        )
        from goldenthread.reporting.sections import register_section
        from goldenthread.reporting.selectors import indicator_attention

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Dashboards", "reporting:dashboard", order=5, visible=member)
        navigation.register("Reports", "reporting:report_list", order=6, visible=member)

        register_attention(INDICATORS, indicator_attention, label="Indicators", order=10)
        for key, builder, order, reports, title in [
            ("summary", indicators.summary_section, 10, {"quarterly", "cabinet"}, "Summary"),
            ("indicators", indicators.theme_sections, 30, {"quarterly", "cabinet"}, "Indicators"),
            ("half-year", indicators.half_year_section, 35, {"cabinet"}, "The half-year"),
            (
                "attention-summary",
                indicators.attention_summary_section,
                10,
                {"exception"},
                "Summary",
            ),
            ("attention", indicators.attention_sections, 30, {"exception"}, "Indicators"),
            ("other-attention", other_attention_sections, 90, {"exception"}, "Other items"),
            ("year", annual.annual_overview_section, 10, {"annual"}, "The year at a glance"),
            ("annual-themes", annual.annual_theme_sections, 30, {"annual"}, "Themes"),
            ("bvpp-objectives", annual.bvpp_objectives_section, 10, {"bvpp"}, "Objectives"),
            ("bvpp-performance", annual.bvpp_performance_section, 20, {"bvpp"}, "Performance"),
            ("bvpp-targets", annual.bvpp_targets_section, 30, {"bvpp"}, "Targets"),
            ("bvpp-action-plans", annual.bvpp_remedial_section, 40, {"bvpp"}, "Action plans"),
            ("bvpp-review", annual.bvpp_review_section, 70, {"bvpp"}, "Review programme"),
        ]:
            register_section(key, builder, order=order, reports=reports, title=title)
