from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.delivery.models import (
    Action,
    ActionIndicator,
    ActionObjective,
    ActionUpdate,
    Milestone,
    RecoveryPlan,
)


class ActionObjectiveInline(admin.TabularInline):
    model = ActionObjective
    extra = 0
    raw_id_fields = ["objective"]


class ActionIndicatorInline(admin.TabularInline):
    model = ActionIndicator
    extra = 0
    raw_id_fields = ["indicator"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "plan", "lead", "org_unit", "due_date", "progress"]
    list_filter = ["organisation", "source_kind", "manual_status", "plan"]
    search_fields = ["code", "title"]
    raw_id_fields = ["plan", "theme", "lead", "org_unit"]
    inlines = [MilestoneInline, ActionObjectiveInline, ActionIndicatorInline]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "period", "progress", "status", "approved_by"]
    list_filter = ["status"]
    raw_id_fields = ["action", "period", "submitted_by", "approved_by"]
    filter_horizontal = ["milestones_completed"]


@admin.register(RecoveryPlan)
class RecoveryPlanAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "reason", "opened_on", "closed_on"]
    list_filter = ["organisation", "reason"]
    raw_id_fields = ["indicator", "opened_by"]
