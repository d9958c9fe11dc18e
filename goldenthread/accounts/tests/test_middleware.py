import pytest
from django.urls import reverse

# PostgreSQL cannot hold a NUL character: a page that filtered by one answered 500 there.
PAGES = [
    ("indicators:indicator_list", "period"),
    ("indicators:summary", "period"),
    ("risks:risk_list", "status"),
    ("reporting:dashboard", "theme"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "parameter"), PAGES)
def test_a_nul_character_in_a_page_address_is_refused_by_name(signed_in, page, parameter):
    client = signed_in("performance.lead")
    response = client.get(reverse(page), {parameter: "2025\x00", "other": "fine"})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"<li><code>{parameter}</code></li>" in html
    assert "<code>other</code>" not in html


@pytest.mark.django_db
def test_the_same_page_without_one_is_served(signed_in):
    client = signed_in("performance.lead")
    response = client.get(reverse("indicators:indicator_list"), {"other": "fine"})
    assert response.status_code == 200
