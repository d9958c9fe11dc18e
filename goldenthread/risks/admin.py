from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.risks.models import (
    Control,
    Register,
    Risk,
    RiskCategory,
    RiskEscalation,
    RiskObjective,
    RiskReturn,
    RiskReview,
    RiskSettings,
)


@admin.register(RiskSettings)
class RiskSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["organisation"]


@admin.register(RiskCategory)
class RiskCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "appetite", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Register)
class RegisterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "org_unit", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name"]


class ControlInline(admin.TabularInline):
    model = Control
    extra = 0


class RiskObjectiveInline(admin.TabularInline):
    model = RiskObjective
    extra = 0
    raw_id_fields = ["objective"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "kind", "register", "owner", "category", "status"]
    list_filter = ["organisation", "kind", "status", "register", "category"]
    search_fields = ["reference", "title"]
    raw_id_fields = ["owner", "org_unit"]
    inlines = [ControlInline, RiskObjectiveInline]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A risk moves between registers only by escalation, which keeps the reason.
        return ["register", "escalated_from"] if obj else ["escalated_from"]


@admin.register(RiskEscalation)
class RiskEscalationAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "direction", "from_register", "to_register", "decided_on"]
    list_filter = ["direction"]
    raw_id_fields = ["risk"]


@admin.register(RiskReturn)
class RiskReturnAdmin(SimpleHistoryAdmin):
    list_display = [
        "register",
        "period",
        "status",
        "smt_reviewed_on",
        "audit_committee_approved_on",
    ]
    list_filter = ["status", "register__organisation"]
    raw_id_fields = ["period"]


@admin.register(RiskReview)
class RiskReviewAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "risk_return", "likelihood", "impact", "reviewed_by"]
    raw_id_fields = ["risk", "risk_return"]
