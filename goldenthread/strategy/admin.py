from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.strategy.models import (
    CoreValue,
    Framework,
    ManagementPrinciple,
    Objective,
    ObjectiveLink,
    Plan,
    PlanningStage,
    ReportingPeriod,
    Theme,
)


class CoreValueInline(admin.TabularInline):
    model = CoreValue
    extra = 0


class PrincipleInline(admin.TabularInline):
    model = ManagementPrinciple
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    inlines = [CoreValueInline, PrincipleInline]


@admin.register(PlanningStage)
class PlanningStageAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cycle", "start_month", "end_month", "order", "organisation"]
    list_filter = ["organisation", "cycle"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "frequency", "start_date", "end_date", "organisation"]
    list_filter = ["organisation", "frequency", "year"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "version", "start_date", "end_date"]
    list_filter = ["organisation", "kind", "status"]
    search_fields = ["title"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["organisation"]
    prepopulated_fields = {"slug": ["title"]}


class ObjectiveLinkInline(admin.TabularInline):
    model = ObjectiveLink
    fk_name = "child"
    extra = 0
    raw_id_fields = ["parent"]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "theme", "owner", "org_unit"]
    list_filter = ["organisation", "plan__kind"]
    search_fields = ["title", "code"]
    inlines = [ObjectiveLinkInline]
