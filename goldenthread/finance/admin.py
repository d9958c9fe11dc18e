from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.finance.models import (
    BudgetLine,
    BudgetReturn,
    CarryForward,
    FinanceSettings,
    SavingsItem,
)


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "org_unit", "year", "amount"]
    list_filter = ["year", "category"]
    search_fields = ["code", "title"]


@admin.register(SavingsItem)
class SavingsItemAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "org_unit", "year", "target", "forecast", "stage"]


@admin.register(BudgetReturn)
class BudgetReturnAdmin(SimpleHistoryAdmin):
    list_display = ["org_unit", "period", "budget", "forecast", "status"]
    list_filter = ["status"]


@admin.register(CarryForward)
class CarryForwardAdmin(SimpleHistoryAdmin):
    list_display = ["org_unit", "year", "kind", "amount", "status"]


admin.site.register(FinanceSettings, SimpleHistoryAdmin)
