"""Who may use the challenge pages: this app's part of the permission matrix
(goldenthread/tests/test_permission_matrix.py)."""

from typing import Any

from django.utils import timezone

from goldenthread.accounts.models import Committee, User
from goldenthread.challenge import services
from goldenthread.challenge.models import (
    BestValueReview,
    ChallengeItem,
    CurveWorksheet,
    Inspection,
    Meeting,
    MonitorNote,
    ScrutinyTopic,
)
from goldenthread.tests.matrix import (
    ADMIN,
    DIRECTOR,
    HEAD,
    MEMBER,
    OFFICER,
    OWNER_CHAIN,
    REFUSED,
    USERNAMES,
    Rule,
    Samples,
    members,
    obj,
    only,
)

# Clinics, Best Value reviews and inspections are run by performance admins and senior
# leaders; scrutiny (its meetings, work programme and monitors' notes) is also for members.
RUNNERS = (DIRECTOR, ADMIN)
SCRUTINEERS = (MEMBER, *RUNNERS)

RULES: dict[str, Rule] = {
    "challenge:index": Rule(members()),
    # --- meetings ---
    # Anyone who may record scrutiny may add a meeting; a clinic then needs a runner (checked
    # on saving, by the kind chosen).
    "challenge:meeting_add": Rule(only(*SCRUTINEERS)),
    "challenge:schedule": Rule(only(*RUNNERS)),
    "challenge:meeting_detail": Rule(members(other=REFUSED), kwargs=obj(pk="clinic")),
    # A scrutiny meeting: members may change it as well as the runners.
    "challenge:meeting_edit": Rule(only(*SCRUTINEERS), kwargs=obj(pk="scrutiny_meeting")),
    # Putting a suggestion on a clinic's agenda (POST only).
    "challenge:item_choose": Rule(only(), post=only(*RUNNERS), kwargs=obj(pk="clinic")),
    "challenge:item_add": Rule(only(*SCRUTINEERS), kwargs=obj(pk="scrutiny_meeting")),
    "challenge:item_edit": Rule(
        only(*SCRUTINEERS), kwargs=obj(pk="scrutiny_meeting", item="scrutiny_item")
    ),
    # An action agreed by the officer's indicator's worksheet: whoever may edit the
    # worksheet and may add actions (members and auditors add no actions).
    "challenge:action_add": Rule(
        only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="worksheet"), extra={"source": "worksheet"}
    ),
    # --- scrutiny ---
    "challenge:scrutiny": Rule(members()),
    "challenge:topic_add": Rule(only(*SCRUTINEERS)),
    "challenge:topic_edit": Rule(only(*SCRUTINEERS), kwargs=obj(pk="topic")),
    "challenge:note_add": Rule(only(*SCRUTINEERS)),
    # A monitor's note is its author's alone: not even performance admins change it.
    "challenge:note_edit": Rule(only(MEMBER), kwargs=obj(pk="monitor_note")),
    # --- Best Value ---
    "challenge:programme": Rule(members()),
    "challenge:review_add": Rule(only(*RUNNERS)),
    "challenge:review_detail": Rule(members(other=REFUSED), kwargs=obj(pk="review")),
    "challenge:review_edit": Rule(only(*RUNNERS), kwargs=obj(pk="review")),
    # POST only; the review under way lacks its findings, so runners are told so.
    "challenge:review_complete": Rule(only(), post=only(*RUNNERS), kwargs=obj(pk="review")),
    # --- inspections ---
    "challenge:inspection_list": Rule(members()),
    "challenge:inspection_add": Rule(only(*RUNNERS)),
    "challenge:inspection_detail": Rule(members(other=REFUSED), kwargs=obj(pk="inspection")),
    "challenge:inspection_edit": Rule(only(*RUNNERS), kwargs=obj(pk="inspection")),
    # --- Turning the Curve ---
    "challenge:worksheet_list": Rule(members()),
    # Starting a worksheet: as for adding objectives; the indicator chosen is checked on saving.
    "challenge:worksheet_add": Rule(only(OFFICER, HEAD, DIRECTOR, ADMIN)),
    "challenge:worksheet_detail": Rule(members(other=REFUSED), kwargs=obj(pk="worksheet")),
    # Whoever may edit the indicator (its lead officer, the head of service over it, admins),
    # and senior leaders, who run challenge.
    "challenge:worksheet_edit": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="worksheet")),
    "challenge:partner_add": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="worksheet")),
}


def _clinic(samples: Samples) -> Any:
    return (
        Meeting.objects.filter(organisation=samples.council, kind=Meeting.Kind.IMPROVEMENT_CLINIC)
        .order_by("held_on")
        .first()
    )


def _scrutiny_meeting(samples: Samples) -> Any:
    return Meeting.objects.filter(organisation=samples.council, kind=Meeting.Kind.SCRUTINY).first()


def _scrutiny_item(samples: Samples) -> Any:
    return ChallengeItem.objects.filter(meeting=samples.scrutiny_meeting).order_by("pk").first()


def _topic(samples: Samples) -> Any:
    return ScrutinyTopic.objects.filter(organisation=samples.council).order_by("pk").first()


def _monitor_note(samples: Samples) -> Any:
    # The demo's notes are another councillor's; this one is the member's own.
    return services.monitor_note_save(
        note=MonitorNote(
            organisation=samples.council,
            committee=Committee.objects.filter(organisation=samples.council).first(),
            written_on=timezone.localdate(),
            note="Ask for the voids figures by estate next quarter.",
        ),
        user=User.objects.get(username=USERNAMES[MEMBER]),
    )


def _review(samples: Samples) -> Any:
    # The review of Housing under way (the head of service's own service).
    return BestValueReview.objects.get(
        organisation=samples.council, org_unit__name="Housing", completed_on__isnull=True
    )


def _inspection(samples: Samples) -> Any:
    return Inspection.objects.filter(organisation=samples.council).order_by("pk").first()


def _worksheet(samples: Samples) -> Any:
    # A worksheet for the officer's own indicator, so its owner chain means something.
    return services.worksheet_save(
        worksheet=CurveWorksheet(
            organisation=samples.council,
            indicator=samples.indicator,
            story="Void turnaround slipped while the repairs contract was re-let.",
        ),
        user=None,
    )


SAMPLES = {
    "clinic": _clinic,
    "scrutiny_meeting": _scrutiny_meeting,
    "scrutiny_item": _scrutiny_item,
    "topic": _topic,
    "monitor_note": _monitor_note,
    "review": _review,
    "inspection": _inspection,
    "worksheet": _worksheet,
}
