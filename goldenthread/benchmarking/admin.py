from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.benchmarking.models import (
    ComparatorGroup,
    ComparatorTarget,
    ExternalMetric,
    ExternalSource,
    IndicatorMetricLink,
)


@admin.register(ExternalSource)
class ExternalSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "publisher", "retrieved"]


@admin.register(ExternalMetric)
class ExternalMetricAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "source", "polarity", "unit"]
    list_filter = ["source", "polarity"]
    search_fields = ["code", "title"]


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "owner", "kind", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["name", "owner__name"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["members"]


@admin.register(IndicatorMetricLink)
class IndicatorMetricLinkAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "metric", "group"]
    raw_id_fields = ["indicator", "metric", "group"]


@admin.register(ComparatorTarget)
class ComparatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["target", "metric", "group", "statistic", "margin"]
    raw_id_fields = ["target", "metric", "group"]
