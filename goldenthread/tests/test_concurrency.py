"""No lost updates: two people editing the same thing, the second save over a stale version
is refused with both versions shown."""

import re

from django.urls import reverse

from goldenthread.strategy.models import Objective


def form_fields(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', html))
    fields.update(
        (name, text) for name, text in re.findall(r'name="([a-z_]+)"[^>]*>([^<]*)</textarea>', html)
    )
    return fields


def test_the_second_of_two_concurrent_edits_is_refused_with_both_versions(signed_in):
    zero = Objective.objects.get(title="Zero homelessness")
    url = reverse("strategy:objective_edit", args=[zero.pk])
    first, second = signed_in("head.housing"), signed_in("performance.lead")
    # Both open the form before either saves.
    first_form = form_fields(first.get(url).content.decode())
    second_form = form_fields(second.get(url).content.decode())
    assert first_form["edit_version"] == second_form["edit_version"]
    common = {
        "plan": zero.plan_id,
        "theme": zero.theme_id,
        "owner": zero.owner_id,
        "org_unit": zero.org_unit_id,
    }

    saved = first.post(
        url,
        {
            **common,
            "title": "Zero homelessness by 2028",
            "edit_version": first_form["edit_version"],
        },
    )
    assert saved.status_code == 302
    refused = second.post(
        url, {**common, "title": "End rough sleeping", "edit_version": second_form["edit_version"]}
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved this while you were editing it" in html
    assert "saved as “Zero homelessness by 2028”, yours “End rough sleeping”" in html
    zero.refresh_from_db()
    assert zero.title == "Zero homelessness by 2028"

    # The refused form carries the newer version, so saving again is a deliberate choice.
    again = form_fields(html)
    assert again["edit_version"] != second_form["edit_version"]
    resaved = second.post(
        url, {**common, "title": "End rough sleeping", "edit_version": again["edit_version"]}
    )
    assert resaved.status_code == 302
    zero.refresh_from_db()
    assert zero.title == "End rough sleeping"


def test_a_form_without_a_version_still_saves(signed_in):
    """API clients and old forms without a fingerprint are not blocked; they are the last writer."""
    zero = Objective.objects.get(title="Zero homelessness")
    url = reverse("strategy:objective_edit", args=[zero.pk])
    response = signed_in("head.housing").post(
        url, {"plan": zero.plan_id, "title": "Zero homelessness"}
    )
    assert response.status_code == 302
