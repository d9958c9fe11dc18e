from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.challenge.models import (
    BestValueReview,
    ChallengeItem,
    CurvePartner,
    CurveWorksheet,
    Inspection,
    Meeting,
    MonitorNote,
    ScrutinyTopic,
)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "held_on"]
    list_filter = ["organisation", "kind"]


admin.site.register(
    [ChallengeItem, ScrutinyTopic, MonitorNote, BestValueReview, Inspection, CurveWorksheet,
     CurvePartner],
    SimpleHistoryAdmin,
)  # fmt: skip
