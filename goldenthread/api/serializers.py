"""How each thing looks in the API. Reads are model serializers; writes are plain input
serializers whose validated data goes to the same service the web form calls."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.delivery.models import Action, ActionUpdate, Milestone
from goldenthread.forms import version_token
from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.reporting.models import ReportRun
from goldenthread.risks.models import Control, Risk, RiskReview
from goldenthread.strategy.models import Objective, Plan, ReportingPeriod, Theme

NUMBER = {"max_digits": 18, "decimal_places": 6, "coerce_to_string": True}


class PersonField(serializers.CharField):
    """A person as their name: the API never exposes log-ins or email addresses."""

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value) -> str:  # type: ignore[no-untyped-def]
        return str(value)


class Versioned(serializers.Serializer):
    version = serializers.SerializerMethodField(
        help_text="The row's fingerprint: send it as the If-Match header when changing it."
    )

    def get_version(self, instance) -> str:  # type: ignore[no-untyped-def]
        return version_token(instance)


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "slug", "gss_code", "kind", "region", "population",
                  "year_start_month", "website"]  # fmt: skip


class UnitSerializer(serializers.ModelSerializer):
    head = PersonField()

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "code", "kind", "parent", "head"]


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "label", "frequency", "year", "number", "start_date", "end_date"]


class PlanSerializer(serializers.ModelSerializer):
    owner = PersonField()

    class Meta:
        model = Plan
        fields = ["id", "kind", "title", "summary", "org_unit", "owner", "start_date",
                  "end_date", "status", "approved_by", "approved_on", "version",
                  "previous_version"]  # fmt: skip


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "plan", "title", "slug", "statement", "order"]


class ParentLinkSerializer(serializers.Serializer):
    objective = serializers.IntegerField(source="parent_id")
    kind = serializers.CharField()


class ObjectiveSerializer(serializers.ModelSerializer):
    owner = PersonField()
    contributes_to = ParentLinkSerializer(source="links_up", many=True, read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "code", "title", "description", "success_measure", "plan", "theme",
                  "org_unit", "owner", "partners", "due_date", "contributes_to"]  # fmt: skip


class ThreadItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    link_kind = serializers.CharField()
    status = serializers.CharField()


class ThreadNodeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["vision", "plan", "theme", "objective"])
    level_label = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    link_kind = serializers.CharField()
    is_current = serializers.BooleanField()
    object_id = serializers.IntegerField(allow_null=True)
    items = ThreadItemSerializer(many=True)


# The thread is a tree: each node's children are nodes.
ThreadNodeSerializer._declared_fields["children"] = ThreadNodeSerializer(many=True)


class ObjectiveDetailSerializer(ObjectiveSerializer):
    thread = ThreadNodeSerializer(read_only=True)

    class Meta(ObjectiveSerializer.Meta):
        fields = [*ObjectiveSerializer.Meta.fields, "thread"]


# Indicators ------------------------------------------------------------------------------


class TargetSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label")
    value = serializers.DecimalField(**NUMBER, allow_null=True)

    class Meta:
        model = Target
        fields = ["period", "version", "value", "band_lower", "band_upper", "tolerance",
                  "tolerance_is_percentage", "comparator", "reason", "set_at"]  # fmt: skip


class PointSerializer(serializers.Serializer):
    """One period's value, the target in force, RAG and the SPC judgement of that point."""

    period = serializers.CharField()
    value = serializers.DecimalField(**NUMBER, allow_null=True)
    target = serializers.DecimalField(**NUMBER, allow_null=True)
    rag = serializers.CharField()
    status = serializers.CharField(help_text="The return's status, or missing.")
    spc_variation = serializers.CharField(allow_null=True)


class PerformanceSerializer(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.DecimalField(**NUMBER, allow_null=True)
    formatted = serializers.CharField()
    target = serializers.DecimalField(**NUMBER, allow_null=True)
    rag = serializers.CharField()
    gap = serializers.DecimalField(**NUMBER, allow_null=True)
    status = serializers.CharField()
    since_previous = serializers.CharField()
    since_last_year = serializers.CharField()
    spc_variation = serializers.CharField(allow_null=True)
    spc_assurance = serializers.CharField(allow_null=True)
    forecast = serializers.DecimalField(**NUMBER, allow_null=True)
    forecast_rag = serializers.CharField(allow_null=True)
    recovery_needed = serializers.BooleanField()


class IndicatorSerializer(serializers.ModelSerializer):
    owner = PersonField()
    objectives = serializers.SerializerMethodField()
    performance = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "code", "title", "unit", "polarity", "frequency", "aggregation", "kind",
                  "org_unit", "owner", "is_qualitative", "is_statutory", "in_corporate_basket",
                  "is_calculated", "objectives", "performance"]  # fmt: skip

    def get_objectives(self, indicator: Indicator) -> list[int]:
        return [link.objective_id for link in indicator.objective_links.all()]

    @extend_schema_field(PerformanceSerializer(allow_null=True))
    def get_performance(self, indicator: Indicator) -> dict | None:
        performance = self.context.get("performances", {}).get(indicator.pk)
        return None if performance is None else performance_data(performance)


class IndicatorDetailSerializer(IndicatorSerializer):
    targets = TargetSerializer(many=True, read_only=True)
    values = serializers.SerializerMethodField()

    class Meta(IndicatorSerializer.Meta):
        fields = [*IndicatorSerializer.Meta.fields, "definition", "calculation_method",
                  "numerator_label", "denominator_label", "formula", "data_source",
                  "decimal_places", "baseline_value", "baseline_period", "targets",
                  "values"]  # fmt: skip

    @extend_schema_field(PointSerializer(many=True))
    def get_values(self, indicator: Indicator) -> list[dict]:
        performance = self.context.get("performances", {}).get(indicator.pk)
        if performance is None:
            return []
        return [point_data(point) for point in performance.points]


STORED = Decimal("0.000001")  # the places every value is stored to


def _number(value: Decimal | None) -> str | None:
    """A decimal as the schema describes it; rolled-up targets can carry more places."""
    return None if value is None else str(Decimal(value).quantize(STORED))


def point_data(point) -> dict:  # type: ignore[no-untyped-def]
    return {
        "period": point.period.label,
        "value": _number(point.value),
        "target": _number(point.target_value),
        "rag": str(point.rag.status),
        "status": point.status,
        "spc_variation": str(point.spc.variation) if point.spc else None,
    }


def performance_data(performance) -> dict | None:  # type: ignore[no-untyped-def]
    current = performance.current
    if current is None:
        return None
    spc = performance.spc
    forecast = performance.forecast
    return {
        "period": current.period.label,
        "value": _number(current.value),
        "formatted": performance.indicator.format_value(current.value),
        "target": _number(current.target_value),
        "rag": str(current.rag.status),
        "gap": _number(current.rag.gap),
        "status": current.status,
        "since_previous": str(performance.since_previous),
        "since_last_year": str(performance.since_last_year),
        "spc_variation": str(spc.variation) if spc else None,
        "spc_assurance": str(spc.assurance) if spc else None,
        "forecast": _number(forecast.value) if forecast else None,
        "forecast_rag": str(performance.forecast_rag.status) if performance.forecast_rag else None,
        "recovery_needed": performance.recovery_needed,
    }


class ReturnSerializer(Versioned, serializers.ModelSerializer):
    judgement = serializers.CharField(read_only=True, help_text="green, amber, red or blank.")
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    period = serializers.CharField(source="period.label", read_only=True)
    submitted_by = PersonField()
    approved_by = PersonField()

    class Meta:
        model = IndicatorReturn
        fields = ["id", "indicator", "indicator_code", "period", "value", "numerator",
                  "denominator", "narrative", "judgement", "commentary", "remedial_action",
                  "status", "source_quoted", "prepared_by", "prepared_on", "method_followed",
                  "outlier_explanation", "outlier_confirmed", "submitted_by", "submitted_at",
                  "approved_by", "approved_at", "sent_back_reason", "is_calculated",
                  "updated_at", "version"]  # fmt: skip
        read_only_fields = fields


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number", "minimum": -(10**12) + 1, "maximum": 10**12 - 1},
            {"type": "string", "format": "decimal", "pattern": r"^-?\d{0,12}(?:\.\d{0,6})?$"},
        ],
        "nullable": True,
        "description": 'A number, as a JSON number (29.4) or a string ("29.4"); at most '
        "six decimal places.",
    }
)
class NumberInput(serializers.DecimalField):
    """A figure sent in: a JSON number or a string, checked and made a Decimal."""

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(max_digits=18, decimal_places=6, allow_null=True, required=False, **kwargs)


class ReturnInputSerializer(serializers.Serializer):
    """A return's figures: the fields of the web form."""

    value = NumberInput()
    numerator = NumberInput()
    denominator = NumberInput()
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    judgement = serializers.ChoiceField(choices=["", "green", "amber", "red"], required=False)
    commentary = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    remedial_action = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    source_quoted = serializers.CharField(required=False, allow_blank=True, max_length=300)
    prepared_by = serializers.CharField(required=False, allow_blank=True, max_length=200)
    prepared_on = serializers.DateField(required=False, allow_null=True)
    method_followed = serializers.BooleanField(required=False, default=True)
    outlier_explanation = serializers.CharField(required=False, allow_blank=True,
                                                max_length=20_000)  # fmt: skip
    outlier_confirmed = serializers.BooleanField(required=False, default=False)
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit for approval as well as saving."
    )


class ReturnCreateSerializer(ReturnInputSerializer):
    indicator = serializers.CharField(help_text="The indicator's code, for example PI-023.")
    period = serializers.CharField(help_text="The period's label, for example 2025-Q2.")


@extend_schema_field(
    {
        "type": "array",
        "items": {"$ref": "#/components/schemas/ReturnCreateRequest"},
        "minItems": 1,
        "maxItems": 20_000,
    }
)
class ReturnRows(serializers.ListField):
    """The rows as sent: each is checked on its own, so that every row's problems are
    reported with its index."""


class BulkReturnsSerializer(serializers.Serializer):
    returns = ReturnRows(
        child=serializers.DictField(), max_length=20_000, allow_empty=False,
        help_text="Rows like a return's create body: indicator, period, value … submit.",
    )  # fmt: skip


class BulkResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    submitted = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5_000)


# Delivery --------------------------------------------------------------------------------


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "completed_on"]


class ActionSerializer(serializers.ModelSerializer):
    manual_status = serializers.CharField(read_only=True, help_text="Blank unless recorded.")
    lead = PersonField()
    status = serializers.SerializerMethodField()
    milestones = MilestoneSerializer(many=True, read_only=True)
    objectives = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = ["id", "code", "title", "description", "plan", "theme", "org_unit", "lead",
                  "start_date", "due_date", "original_due_date", "completed_on", "progress",
                  "status", "manual_status", "status_reason", "milestones",
                  "objectives"]  # fmt: skip

    def get_status(self, action: Action) -> str:
        return str(action.status_on(self.context["today"]))

    def get_objectives(self, action: Action) -> list[int]:
        return [link.objective_id for link in action.objective_links.all()]


class ActionUpdateSerializer(Versioned, serializers.ModelSerializer):
    status_at_update = serializers.CharField(read_only=True)
    period = serializers.CharField(source="period.label", read_only=True)
    submitted_by = PersonField()
    approved_by = PersonField()

    class Meta:
        model = ActionUpdate
        fields = ["id", "action", "period", "progress", "status_at_update", "commentary",
                  "next_steps", "milestones_completed", "status", "submitted_by", "submitted_at",
                  "approved_by", "approved_at", "sent_back_reason", "updated_at",
                  "version"]  # fmt: skip
        read_only_fields = fields


class ActionUpdateInputSerializer(serializers.Serializer):
    progress = serializers.IntegerField(allow_null=True, min_value=-(2**31), max_value=2**31)
    commentary = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    next_steps = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    milestones_completed = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), required=False, default=list
    )
    submit = serializers.BooleanField(required=False, default=False)


class ActionUpdateCreateSerializer(ActionUpdateInputSerializer):
    action = serializers.IntegerField(min_value=1, max_value=2**62)
    period = serializers.CharField(help_text="The quarter's label, for example 2025-Q2.")


# Risks -----------------------------------------------------------------------------------


class ControlSerializer(serializers.ModelSerializer):
    class Meta:
        model = Control
        fields = ["id", "description", "effectiveness"]


class RiskSerializer(serializers.ModelSerializer):
    owner = PersonField()
    category = serializers.CharField(source="category.name", allow_null=True, read_only=True)
    controls = ControlSerializer(many=True, read_only=True)
    inherent_score = serializers.IntegerField(read_only=True)
    residual_score = serializers.IntegerField(read_only=True)
    target_score = serializers.IntegerField(read_only=True)

    class Meta:
        model = Risk
        fields = ["id", "reference", "kind", "title", "cause", "event", "consequence", "register",
                  "escalated_from", "org_unit", "owner", "category", "inherent_likelihood",
                  "inherent_impact", "inherent_score", "residual_likelihood", "residual_impact",
                  "residual_score", "target_likelihood", "target_impact", "target_score",
                  "target_date", "identified_on", "status", "closed_on", "controls"]  # fmt: skip


class RiskReviewSerializer(Versioned, serializers.ModelSerializer):
    register = serializers.IntegerField(source="risk_return.register_id", read_only=True)
    period = serializers.CharField(source="risk_return.period.label", read_only=True)
    reviewed_by = PersonField()
    score = serializers.IntegerField(read_only=True)
    previous_score = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = RiskReview
        fields = ["id", "risk", "register", "period", "previous_likelihood", "previous_impact",
                  "previous_score", "likelihood", "impact", "score", "reason", "control_changes",
                  "reviewed_by", "reviewed_at", "version"]  # fmt: skip
        read_only_fields = fields


class RiskReviewInputSerializer(serializers.Serializer):
    risk = serializers.IntegerField(min_value=1, max_value=2**62)
    register = serializers.IntegerField(
        min_value=1, max_value=2**62, help_text="The register whose quarterly return this is in."
    )
    period = serializers.CharField(help_text="The quarter's label, for example 2025-Q2.")
    likelihood = serializers.IntegerField(min_value=-(2**31), max_value=2**31)
    impact = serializers.IntegerField(min_value=-(2**31), max_value=2**31)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    control_changes = serializers.CharField(required=False, allow_blank=True, max_length=20_000)


# Reports ---------------------------------------------------------------------------------


class ReportRunSerializer(serializers.ModelSerializer):
    requested_by = PersonField()
    percent = serializers.IntegerField(read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = ["id", "title", "format", "status", "percent", "requested_by", "created_at",
                  "finished_at", "download"]  # fmt: skip

    def get_download(self, run: ReportRun) -> str | None:
        return run.get_absolute_url() if run.status == ReportRun.Status.DONE else None
