"""The performance admins' Publishing pages: the navigation entry, the confirmation before
publishing, the versions with their hashes, and a correction from the pages."""

from goldenthread.publishing.models import PublishedVersion


def test_publishing_is_in_the_navigation_for_performance_admins_only(signed_in):
    assert 'href="/publishing/"' in signed_in("performance.lead").get("/").content.decode()
    assert 'href="/publishing/"' not in signed_in("head.housing").get("/").content.decode()
    assert signed_in("head.housing").get("/publishing/").status_code == 404


def test_publishing_asks_for_confirmation_first(council, quarter, signed_in):
    client = signed_in("performance.lead")
    page = client.get(f"/publishing/{quarter.label}/publish/").content.decode()
    assert page.count("<h1") == 1
    assert "approved return" in page
    refused = client.post(f"/publishing/{quarter.label}/publish/", {"note": "Hello"})
    assert refused.status_code == 200
    assert "Confirm that you understand the figures become public." in refused.content.decode()
    assert not PublishedVersion.objects.filter(publication__period=quarter).exists()


def test_a_performance_admin_publishes_and_corrects_from_the_pages(council, quarter, signed_in):
    client = signed_in("performance.lead")
    done = client.post(
        f"/publishing/{quarter.label}/publish/", {"note": "Quarter two", "confirm": "on"}
    )
    assert done.status_code == 302
    version = PublishedVersion.objects.get(publication__period=quarter)
    detail = client.get(f"/publishing/{quarter.label}/").content.decode()
    assert version.content_hash in detail
    assert "History of changes" in detail
    no_reason = client.post(f"/publishing/{quarter.label}/open/", {"reason": ""})
    assert "Say why the period needs a correction." in no_reason.content.decode()
    client.post(f"/publishing/{quarter.label}/open/", {"reason": "One figure was mistyped"})
    assert "Open for correction" in client.get("/publishing/").content.decode()
    client.post(f"/publishing/{quarter.label}/correct/", {"note": "PI figure retyped"})
    latest = PublishedVersion.objects.get(publication__period=quarter, number=2)
    assert latest.correction_note == "PI figure retyped"
    public = client.get(f"/public/{council.slug}/{quarter.label}/").content.decode()
    assert "PI figure retyped" in public
