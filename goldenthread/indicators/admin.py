from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.indicators.models import (
    AuditCheck,
    AuditSample,
    ChangePoint,
    Indicator,
    IndicatorObjective,
    IndicatorReturn,
    ReminderSent,
    ReturnSchedule,
    Target,
)


class IndicatorObjectiveInline(admin.TabularInline):
    model = IndicatorObjective
    extra = 0
    raw_id_fields = ["objective"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "frequency",
        "polarity",
        "unit",
        "in_corporate_basket",
        "org_unit",
    ]
    list_filter = ["organisation", "frequency", "in_corporate_basket", "is_active"]
    search_fields = ["code", "title"]
    inlines = [IndicatorObjectiveInline]
    filter_horizontal = ["updaters"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "version", "value", "tolerance"]
    list_filter = ["period__frequency"]
    raw_id_fields = ["indicator", "period"]


@admin.register(IndicatorReturn)
class IndicatorReturnAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "status", "approved_by"]
    list_filter = ["status", "period__frequency"]
    search_fields = ["indicator__code", "indicator__title"]
    raw_id_fields = ["indicator", "period"]


@admin.register(ReturnSchedule)
class ReturnScheduleAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "opens_days_after_end", "deadline_days_after_end"]


@admin.register(ChangePoint)
class ChangePointAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "reason"]
    raw_id_fields = ["indicator", "period"]


@admin.register(AuditSample)
class AuditSampleAdmin(SimpleHistoryAdmin):
    list_display = ["period", "size", "seed", "drawn_by", "drawn_at"]
    list_filter = ["organisation"]


@admin.register(AuditCheck)
class AuditCheckAdmin(SimpleHistoryAdmin):
    list_display = ["indicator_return", "result", "checked_by", "checked_at"]
    list_filter = ["result"]
    raw_id_fields = ["indicator_return"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["user", "sent_on", "items", "sent_at"]
    list_filter = ["sent_on"]
