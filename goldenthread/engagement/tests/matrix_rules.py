"""Who may use the engagement pages: this app's part of the permission matrix
(goldenthread/tests/test_permission_matrix.py)."""

from typing import Any

from goldenthread.engagement.models import Complaint, Consultation, NeedsEvidence
from goldenthread.tests.matrix import (
    ADMIN,
    DIRECTOR,
    HEAD,
    OFFICER,
    OWNER_CHAIN,
    REFUSED,
    Rule,
    Samples,
    members,
    obj,
    only,
)

# Consultations, their results and "you said, we did", needs evidence, complaints feeds and
# the complaints figures: anyone who may add objectives (officers, managers, heads of service,
# senior leaders, performance admins), but not members or auditors, who read them.
MANAGERS = (OFFICER, HEAD, DIRECTOR, ADMIN)

RULES: dict[str, Rule] = {
    "engagement:index": Rule(members()),
    # --- consultations ---
    "engagement:consultation_add": Rule(only(*MANAGERS)),
    "engagement:consultation_detail": Rule(members(other=REFUSED), kwargs=obj(pk="consultation")),
    "engagement:consultation_edit": Rule(only(*MANAGERS), kwargs=obj(pk="consultation")),
    # Recording a result saves the linked indicator's return, which checks again who may
    # enter it; the page itself is for whoever manages engagement.
    "engagement:result_add": Rule(only(*MANAGERS), kwargs=obj(pk="consultation")),
    "engagement:response_add": Rule(only(*MANAGERS), kwargs=obj(pk="consultation")),
    # --- complaints and commendations ---
    "engagement:complaint_list": Rule(members()),
    # Logging: the service then chosen must be one the person works in (checked on saving).
    "engagement:complaint_add": Rule(only(*MANAGERS)),
    "engagement:complaint_detail": Rule(members(other=REFUSED), kwargs=obj(pk="complaint")),
    # Updating a complaint: the people of its service (the officer's Estate Management and the
    # head of service over it), senior leaders and performance admins.
    "engagement:complaint_edit": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="complaint")),
    # The export is the list the person can already read; another council's is their own.
    "engagement:complaint_xlsx": Rule(members()),
    "engagement:complaint_csv": Rule(members()),
    "engagement:complaint_import": Rule(only(*MANAGERS)),
    # Everyone reads which indicators the log feeds; only managers work the figures out.
    "engagement:figures": Rule(members(), post=only(*MANAGERS)),
    "engagement:feed_add": Rule(only(*MANAGERS)),
    "engagement:commendations": Rule(members()),
    # --- needs assessment evidence ---
    "engagement:evidence_list": Rule(members()),
    "engagement:evidence_add": Rule(only(*MANAGERS)),
    "engagement:evidence_detail": Rule(members(other=REFUSED), kwargs=obj(pk="evidence")),
    "engagement:evidence_edit": Rule(only(*MANAGERS), kwargs=obj(pk="evidence")),
}


def _consultation(samples: Samples) -> Any:
    # The tenants' focus group, run by Housing (the head of service's, above the officer).
    return Consultation.objects.get(
        organisation=samples.council, title="Tenants' focus group on empty homes"
    )


def _complaint(samples: Samples) -> Any:
    # A complaint about the officer's own team, Estate Management.
    return (
        Complaint.objects.filter(
            organisation=samples.council,
            org_unit=samples.unit,
            kind=Complaint.Kind.COMPLAINT,
        )
        .order_by("pk")
        .first()
    )


def _evidence(samples: Samples) -> Any:
    return NeedsEvidence.objects.filter(organisation=samples.council).order_by("pk").first()


SAMPLES = {"consultation": _consultation, "complaint": _complaint, "evidence": _evidence}
