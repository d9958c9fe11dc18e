from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from goldenthread.accounts.models import Organisation, User
from goldenthread.delivery.models import Action
from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.risks.models import Risk
from goldenthread.synth.generate import synth_generate


class Generated(Exception):
    def __init__(self, rows: list[tuple]) -> None:  # type: ignore[type-arg]
        self.rows = rows


def values_for(seed: int) -> list[tuple]:  # type: ignore[type-arg]
    """Generates the tiny dataset in a savepoint, reads its values back, and rolls back."""
    try:
        with transaction.atomic():
            synth_generate(organisations=2, indicators=5, quarters=8, seed=seed)
            raise Generated(
                list(
                    IndicatorReturn.objects.filter(
                        indicator__organisation__slug__startswith="synth-"
                    )
                    .order_by("indicator__code", "period__start_date")
                    .values_list("indicator__code", "period__label", "value", "status")
                )
            )
    except Generated as generated:
        return generated.rows


def test_the_same_seed_gives_the_same_values_and_another_seed_does_not(db):
    first, again, other = values_for(1), values_for(1), values_for(2)
    assert len(first) == 2 * 5 * 8
    assert first == again
    assert [row[2] for row in first] != [row[2] for row in other]


def test_the_command_generates_every_kind_of_record_in_proportion(db, capsys):
    out = StringIO()
    call_command("synth", orgs=2, indicators=5, quarters=8, seed=1, stdout=out)
    councils = Organisation.objects.filter(slug__startswith="synth-")
    assert councils.count() == 2
    assert Indicator.objects.filter(organisation__in=councils).count() == 10
    assert IndicatorReturn.objects.filter(indicator__organisation__in=councils).count() == 80
    assert Target.objects.filter(indicator__organisation__in=councils).count() == 80
    assert Action.objects.filter(organisation__in=councils).count() == 2
    assert Risk.objects.filter(organisation__in=councils).count() == 2
    assert User.objects.filter(username="synth-0001-admin").exists()
    assert "Councils: 2 generated, 0 already there" in out.getvalue()
    assert "council 2/2" in capsys.readouterr().err

    call_command("synth", orgs=3, indicators=5, quarters=8, seed=1, stdout=out)
    assert councils.count() == 3
    assert "Councils: 1 generated, 2 already there" in out.getvalue()


def test_sizes_below_one_are_refused(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("synth", orgs=0, indicators=5, quarters=8, stdout=StringIO())
