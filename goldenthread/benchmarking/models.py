"""Published data about other councils, the groups a council compares itself with, and the
links and targets that tie the council's own indicators to them."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.periods import Frequency, PeriodKey
from goldenthread.indicators.models import Indicator, Target

POLARITY_CHOICES = Indicator._meta.get_field("polarity").choices


class ExternalSource(models.Model):
    """A publisher's data set, such as Oflog's adult social care metrics."""

    name = models.CharField("name", max_length=200, unique=True)
    publisher = models.CharField("publisher", max_length=200)
    licence = models.CharField("licence", max_length=300, blank=True)
    url = models.URLField("web address", blank=True)
    retrieved = models.DateField(
        "retrieved", null=True, blank=True, help_text="When the copy we hold was published."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "external data source"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExternalMetric(models.Model):
    """A measure published for many councils, with its definition as the publisher gives it."""

    source = models.ForeignKey(
        ExternalSource, on_delete=models.CASCADE, related_name="metrics", verbose_name="source"
    )
    code = models.CharField("code", max_length=40, help_text="The publisher's code: ASC5, CORP 09.")
    title = models.CharField("title", max_length=300)
    definition = models.TextField("definition", blank=True)
    category = models.CharField("category", max_length=200, blank=True)
    unit = models.CharField(
        "unit", max_length=12, choices=Indicator.Unit.choices, default=Indicator.Unit.NUMBER
    )
    unit_label = models.CharField(
        "unit as published", max_length=100, blank=True, help_text="For example Rate per 10,000."
    )
    polarity = models.CharField("polarity", max_length=10, choices=POLARITY_CHOICES)
    decimal_places = models.PositiveSmallIntegerField(
        "decimal places", default=1, validators=[MaxValueValidator(6)]
    )
    published_format = models.CharField(
        "number format as published", max_length=60, blank=True, help_text="For example 0.0%."
    )
    scale = models.DecimalField(
        "scale",
        max_digits=12,
        decimal_places=6,
        default=Decimal(1),
        help_text="Published values are multiplied by this when imported: 100 for percentages "
        "published as fractions (0.98 for 98%).",
    )
    band_midpoint = models.DecimalField(
        "band midpoint",
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="For measures where the middle is best (LGBF Goldilocks measures): the ideal.",
    )
    family_grouping = models.CharField(
        "comparator family type",
        max_length=200,
        blank=True,
        help_text="Which kind of LGBF family group compares councils on this measure.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "external metric"
        ordering = ["source__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="unique_external_metric"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("benchmarking:metric_detail", args=[self.pk])

    def format_value(self, value: Decimal | None) -> str:
        """The value as a reader sees it, in the metric's unit: '87.5%', '£1,234', '0.413'."""
        return Indicator(unit=self.unit, decimal_places=self.decimal_places).format_value(value)


class PeriodFields(models.Model):
    """A financial-year period, as `calculations.periods.PeriodKey` names it."""

    period_label = models.CharField("period", max_length=20, help_text="2022/23, 2021-Q2.")
    year = models.PositiveSmallIntegerField(
        "financial year", help_text="The calendar year in which the financial year starts."
    )
    frequency = models.CharField(
        "frequency", max_length=10, choices=[(f.value, f.value.capitalize()) for f in Frequency]
    )
    number = models.PositiveSmallIntegerField(
        "number in the year", default=1, help_text="Quarter 1-4 or month 1-12; 1 for a year."
    )

    class Meta:
        abstract = True

    @property
    def period_key(self) -> PeriodKey:
        return PeriodKey(self.year, Frequency(self.frequency), self.number)


class ExternalValue(PeriodFields):
    """One council's published value of a metric for one period. Written by imports only."""

    metric = models.ForeignKey(
        ExternalMetric, on_delete=models.CASCADE, related_name="values", verbose_name="metric"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="external_values",
        verbose_name="council",
    )
    value = models.DecimalField("value", max_digits=18, decimal_places=6)
    numerator = models.DecimalField(
        "numerator", max_digits=18, decimal_places=6, null=True, blank=True
    )
    denominator = models.DecimalField(
        "denominator", max_digits=18, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = "external value"
        ordering = ["metric", "year", "frequency", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "organisation", "year", "frequency", "number"],
                name="unique_external_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.organisation} {self.period_label}: {self.value}"


class PublishedAverage(PeriodFields):
    """An average the publisher gives for a whole area (Scotland, England) and period."""

    metric = models.ForeignKey(
        ExternalMetric, on_delete=models.CASCADE, related_name="averages", verbose_name="metric"
    )
    area = models.CharField("area", max_length=100, help_text="Scotland, England.")
    mean = models.DecimalField("mean", max_digits=18, decimal_places=6, null=True, blank=True)
    median = models.DecimalField("median", max_digits=18, decimal_places=6, null=True, blank=True)
    pooled = models.DecimalField(
        "total numerator ÷ total denominator",
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "published average"
        ordering = ["metric", "year", "frequency", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "area", "year", "frequency", "number"],
                name="unique_published_average",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.area} {self.period_label}"


class ComparatorGroup(models.Model):
    """The councils one council compares itself with."""

    class Kind(models.TextChoices):
        NEAREST_NEIGHBOURS = "nearest_neighbours", "Nearest neighbours"
        FAMILY = "family", "Family group"
        REGION = "region", "Region"
        COUNCIL_TYPE = "council_type", "Councils of the same type"
        USER_DEFINED = "user_defined", "Chosen by the council"

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="comparator_groups",
        verbose_name="council",
        help_text="The council whose comparators these are.",
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("name", max_length=200)
    description = models.TextField("description", blank=True)
    applies_to = models.CharField(
        "measures compared",
        max_length=200,
        blank=True,
        help_text="The kind of measures the group is for (an LGBF family type); blank for any.",
    )
    members = models.ManyToManyField(
        Organisation, related_name="comparator_memberships", verbose_name="councils", blank=True
    )
    source = models.ForeignKey(
        ExternalSource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name="source",
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "comparator group"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "name"], name="unique_comparator_group"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("benchmarking:group_detail", args=[self.pk])


class IndicatorMetricLink(models.Model):
    """The council's own indicator measures the same thing as a published metric."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="metric_links", verbose_name="indicator"
    )
    metric = models.ForeignKey(
        ExternalMetric,
        on_delete=models.CASCADE,
        related_name="indicator_links",
        verbose_name="published metric",
    )
    group = models.ForeignKey(
        ComparatorGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicator_links",
        verbose_name="compare with",
        help_text="The comparator group shown on the indicator's page.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicator's published metric"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "metric"], name="unique_metric_link"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.metric}"


class ComparatorTarget(models.Model):
    """A target set against comparators: "at or better than the nearest-neighbour median".

    It belongs to one version of an indicator's target for a period; the statistic is worked
    out from the published values for that same period.
    """

    class Statistic(models.TextChoices):
        MEDIAN = "median", "median"
        MEAN = "mean", "average"
        TOP_QUARTILE = "top_quartile", "top quartile threshold"
        UPPER_QUARTILE = "upper_quartile", "upper quartile"
        LOWER_QUARTILE = "lower_quartile", "lower quartile"
        REGIONAL_AVERAGE = "regional_average", "regional average"
        NATIONAL_AVERAGE = "national_average", "national average"

    GROUP_STATISTICS = frozenset(
        {
            Statistic.MEDIAN,
            Statistic.MEAN,
            Statistic.TOP_QUARTILE,
            Statistic.UPPER_QUARTILE,
            Statistic.LOWER_QUARTILE,
        }
    )

    target = models.OneToOneField(
        Target, on_delete=models.CASCADE, related_name="comparator_rule", verbose_name="target"
    )
    metric = models.ForeignKey(
        ExternalMetric,
        on_delete=models.PROTECT,
        related_name="comparator_targets",
        verbose_name="published metric",
    )
    group = models.ForeignKey(
        ComparatorGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comparator_targets",
        verbose_name="comparator group",
        help_text="Needed for the median, average and quartiles of a group.",
    )
    statistic = models.CharField("statistic", max_length=20, choices=Statistic.choices)
    margin = models.DecimalField(
        "margin",
        max_digits=18,
        decimal_places=6,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text="How far better than the statistic the target is, in the metric's unit.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "comparator target"

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        """ "At or better than the Oflog nearest neighbours median", "2 better than the ..."."""
        if self.statistic in self.GROUP_STATISTICS and self.group is not None:
            subject = f"the {self.group.name} {self.get_statistic_display()}"
        else:
            subject = f"the {self.get_statistic_display()}"
        if not self.margin:
            return f"At or better than {subject}"
        if self.metric.unit == Indicator.Unit.PERCENT:
            points = f"{self.margin:,.{self.metric.decimal_places}f}"
            return f"{points} percentage points better than {subject}"
        return f"{self.metric.format_value(self.margin)} better than {subject}"
