"""Budget variances suggested for improvement clinics and scrutiny: units whose latest
budget monitoring return forecasts an amber or red variance."""

from datetime import date

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.rag import RagStatus
from goldenthread.challenge.suggestions import Suggestion
from goldenthread.finance.selectors import monitoring_period_current, monitoring_rows


def budget_variances(organisation: Organisation, today: date) -> list[Suggestion]:
    period = monitoring_period_current(organisation, today)
    if period is None:
        return []
    found = []
    for judged in monitoring_rows(organisation, period):
        if judged.rag not in {RagStatus.AMBER, RagStatus.RED} or judged.variance is None:
            continue
        budget_return = judged.row.budget_return
        kind = "overspend" if judged.variance.amount > 0 else "underspend"
        found.append(
            Suggestion(
                source="budget",
                key=f"budget:{budget_return.pk}",
                title=f"{judged.row.unit.name} budget, {period.label}",
                reason=f"Forecast {kind} of £{abs(judged.variance.amount):,.0f} "
                f"({abs(judged.variance.percent or 0)}% of budget): {judged.rag.value}",
                url=budget_return.get_absolute_url(),
                unit_id=judged.row.unit.pk,
            )
        )
    return found
