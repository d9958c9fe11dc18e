"""An indicator linked to a published metric shows how the council compares on its page."""

from django.urls import reverse

from goldenthread.benchmarking.models import IndicatorMetricLink
from goldenthread.indicators.models import Indicator


def test_a_linked_indicator_shows_how_we_compare(council, signed_in):
    link = IndicatorMetricLink.objects.filter(indicator__organisation=council).first()
    html = (
        signed_in("cllr.leader")
        .get(reverse("indicators:indicator_detail", args=[link.indicator_id]))
        .content.decode()
    )
    assert 'id="how-we-compare"' in html
    assert link.metric.title in html


def test_an_unlinked_indicator_has_no_such_section(council, signed_in):
    unlinked = Indicator.objects.filter(organisation=council, metric_links__isnull=True).first()
    html = (
        signed_in("cllr.leader")
        .get(reverse("indicators:indicator_detail", args=[unlinked.pk]))
        .content.decode()
    )
    assert 'id="how-we-compare"' not in html
