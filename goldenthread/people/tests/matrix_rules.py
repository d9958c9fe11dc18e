"""Who may use the people pages: this app's part of the permission matrix
(goldenthread/tests/test_permission_matrix.py).

Appraisals are private: an appraisal is seen only by the employee, their line-management
chain and performance admins (acting as HR), and changed only by the chain and the admins.
Colleagues, members and auditors are refused it (a 404, so its existence is not revealed).
Summary pages show counts, never content.

The sampled appraisal is this year's of the officer, whose line manager (the estate
management team leader) reports to the head of service, who reports to the director: the
head of service and the director are in the officer's chain.
"""

from typing import Any

from goldenthread.accounts.models import User
from goldenthread.people import selectors
from goldenthread.people.models import Appraisal
from goldenthread.tests.matrix import (
    ADMIN,
    DIRECTOR,
    HEAD,
    OFFICER,
    REFUSED,
    USERNAMES,
    Rule,
    Samples,
    members,
    obj,
    only,
)

# Who may read the officer's appraisal: the officer, their chain and performance admins.
CAN_SEE = (OFFICER, HEAD, DIRECTOR, ADMIN)
# Who may change it: the chain and performance admins, not the employee.
CAN_MANAGE = (HEAD, DIRECTOR, ADMIN)

RULES: dict[str, Rule] = {
    "people:my_appraisal": Rule(members()),  # each person's own appraisals
    "people:team": Rule(members()),  # each person's own reports (none for most)
    # Starting the officer's appraisal: their chain and admins (this year's already exists,
    # so they are sent back to their team page); the officer cannot start their own.
    "people:start": Rule(only(), post=only(*CAN_MANAGE), kwargs=obj(user_pk="appraisee")),
    # Completion and training needs by service, counts only: managers, senior leaders and
    # admins; not officers, members or auditors.
    "people:summary": Rule(only(HEAD, DIRECTOR, ADMIN)),
    # How many appraisal objectives hang on an objective: a count, for everyone of the council.
    "people:objective_counts": Rule(members(other=REFUSED), kwargs=obj(pk="objective")),
    # The appraisal itself: members, the auditor and other managers are refused.
    "people:appraisal_detail": Rule(only(*CAN_SEE), kwargs=obj(pk="appraisal")),
    "people:objective_add": Rule(only(*CAN_MANAGE), kwargs=obj(pk="appraisal")),
    "people:objective_edit": Rule(
        only(*CAN_MANAGE), kwargs=obj(pk="appraisal", objective_pk="appraisal_objective")
    ),
    "people:agree": Rule(only(), post=only(*CAN_MANAGE), kwargs=obj(pk="appraisal")),
    "people:review": Rule(
        only(*CAN_MANAGE), kwargs=obj(pk="appraisal"), extra={"stage": "mid-year"}
    ),
    # The employee records their own training needs, as their managers may.
    "people:training_add": Rule(only(*CAN_SEE), kwargs=obj(pk="appraisal")),
}


def _appraisee(samples: Samples) -> Any:
    return User.objects.get(username=USERNAMES[OFFICER])


def _appraisal(samples: Samples) -> Any:
    return Appraisal.objects.get(
        employee=samples.appraisee, year=selectors.appraisal_year(samples.council)
    )


def _appraisal_objective(samples: Samples) -> Any:
    return samples.appraisal.objectives.order_by("pk").first()


SAMPLES = {
    "appraisee": _appraisee,
    "appraisal": _appraisal,
    "appraisal_objective": _appraisal_objective,
}
