"""Finding the API tokens page: a link beside your name at the top of every page, as the
schema's description of a token says."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from goldenthread.api.pages import schema

LINK = re.compile(r'<a href="/account/api-tokens/"[^>]*>API tokens</a>')


@pytest.mark.parametrize("page", ["/", "/indicators/", "/api/docs/"])
def test_a_signed_in_person_finds_the_api_tokens_page_in_the_header(signed_in, page):
    response = signed_in("officer.estates").get(page)
    assert response.status_code == 200
    header = response.content.decode().split('class="gt-header__account"', 1)[1].split("</div>")[0]
    assert LINK.search(header)


def test_the_link_leads_to_the_tokens_page(signed_in):
    client = signed_in("cllr.leader")
    assert reverse("api:tokens") == "/account/api-tokens/"
    page = client.get("/account/api-tokens/")
    assert page.status_code == 200
    assert 'aria-current="page">API tokens</a>' in page.content.decode()


def test_a_visitor_is_not_offered_the_link(db):
    response = Client().get("/sign-in/")
    assert not LINK.search(response.content.decode())


def test_the_schema_says_where_the_link_is():
    description = schema()["components"]["securitySchemes"]["tokenAuth"]["description"]
    assert "Your account" not in description
    assert "API tokens" in description
    assert "/account/api-tokens/" in description
