from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goldenthread.people.models import (
    Appraisal,
    AppraisalObjective,
    AppraisalSettings,
    RatingLevel,
    Review,
    TrainingNeed,
)


@admin.register(Appraisal)
class AppraisalAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "manager", "year", "status"]
    list_filter = ["year", "status"]


@admin.register(RatingLevel)
class RatingLevelAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "value", "label"]


for model in (AppraisalSettings, AppraisalObjective, Review, TrainingNeed):
    admin.site.register(model, SimpleHistoryAdmin)
