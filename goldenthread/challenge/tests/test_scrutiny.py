from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.accounts.models import Committee
from goldenthread.challenge import services
from goldenthread.challenge.models import MonitorNote, ScrutinyTopic


def test_members_add_work_programme_topics_from_the_page(council, signed_in):
    committee = Committee.objects.get(organisation=council, name="Place Select Committee")
    response = signed_in("cllr.scrutiny").post(
        "/challenge/scrutiny/topics/add/",
        {"committee": committee.pk, "topic": "Fly-tipping", "scope": "Why is it rising?",
         "status": "proposed"},
    )  # fmt: skip
    assert response.status_code == 302
    assert ScrutinyTopic.objects.get(topic="Fly-tipping").committee == committee


def test_a_reported_topic_needs_its_findings(council, person):
    committee = Committee.objects.get(organisation=council, name="Place Select Committee")
    with pytest.raises(ValidationError) as caught:
        services.scrutiny_topic_save(
            topic=ScrutinyTopic(organisation=council, committee=committee, topic="T", scope="S",
                                status="reported"),
            user=person("cllr.scrutiny"),
        )  # fmt: skip
    assert "outcome" in caught.value.message_dict


def test_officers_cannot_change_the_work_programme(signed_in):
    assert signed_in("officer.estates").get("/challenge/scrutiny/topics/add/").status_code == 403


def test_only_a_notes_author_can_change_it(council, person):
    note = MonitorNote.objects.filter(organisation=council).first()
    note.note = "Changed by someone else."
    with pytest.raises(PermissionDenied):
        services.monitor_note_save(note=note, user=person("cllr.scrutiny"))
    assert MonitorNote.objects.get(pk=note.pk).note != "Changed by someone else."


def test_monitor_writes_a_note_shown_on_the_scrutiny_page(council, person, signed_in):
    committee = Committee.objects.get(organisation=council, name="Executive Scrutiny Committee")
    services.monitor_note_save(
        note=MonitorNote(organisation=council, committee=committee, written_on=date(2026, 9, 1),
                         note="Sickness absence is worth a look."),
        user=person("cllr.monitor"),
    )  # fmt: skip
    page = signed_in("cllr.leader").get("/challenge/scrutiny/").content.decode()
    assert "Sickness absence is worth a look." in page
    assert "Empty council homes" in page
