from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.engagement.models import (
    Complaint,
    ComplaintFeed,
    Consultation,
    ConsultationResult,
    NeedsEvidence,
    YouSaidWeDid,
)


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "start_date", "responses"]
    list_filter = ["organisation", "kind"]


@admin.register(Complaint)
class ComplaintAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "kind", "org_unit", "received_on", "outcome"]
    list_filter = ["organisation", "kind", "outcome"]
    search_fields = ["reference", "summary"]


admin.site.register(
    [ConsultationResult, YouSaidWeDid, ComplaintFeed, NeedsEvidence], SimpleHistoryAdmin
)
