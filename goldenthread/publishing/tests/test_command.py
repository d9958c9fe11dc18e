"""`goldenthread publish` uses the same services as the pages."""

import pytest
from django.core.management import CommandError, call_command

from goldenthread.publishing.models import PublishedVersion


def test_the_command_publishes_opens_and_corrects(council, quarter, capsys):
    call_command("publish", period=quarter.label, by="performance.lead", note="From cron")
    assert "version 1: SHA-256" in capsys.readouterr().out
    call_command("publish", period=quarter.label, by="performance.lead", open_reason="A slip")
    call_command("publish", period=quarter.label, by="performance.lead", correction="Fixed")
    versions = PublishedVersion.objects.filter(publication__period=quarter).order_by("number")
    assert [(v.number, v.note, v.correction_note) for v in versions] == [
        (1, "From cron", ""),
        (2, "", "Fixed"),
    ]


def test_the_command_says_clearly_what_is_wrong(council, quarter):
    with pytest.raises(CommandError, match="There is no quarter '2025-Q9'"):
        call_command("publish", period="2025-Q9", by="performance.lead")
    with pytest.raises(CommandError, match="Only performance admins may publish"):
        call_command("publish", period=quarter.label, by="head.housing")
    with pytest.raises(CommandError, match="has not been published yet"):
        call_command("publish", period=quarter.label, by="performance.lead", correction="x")
