from django import template
from django.forms import BoundField

from goldenthread.forms import widget_kind

register = template.Library()


@register.filter
def field_kind(field: BoundField) -> str:
    return widget_kind(field.field.widget)


@register.filter
def govuk_widget(field: BoundField) -> str:
    """The widget with its error class and aria-describedby pointing at the hint and error."""
    attrs = dict(field.field.widget.attrs)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        kind = attrs.get("class", "").split(" ")[0]
        if kind in {"govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"}:
            attrs["class"] = f"{attrs['class']} {kind}--error"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
