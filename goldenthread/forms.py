"""GOV.UK Design System rendering for every Django form in the product.

`{{ form }}` renders each field with its label, hint and error message in GOV.UK
markup; the page template shows the error summary. Forms subclass GovukForm or
GovukModelForm, which also guards against lost updates when a form carries a
version.
"""

from django import forms
from django.forms.renderers import DjangoTemplates


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


def widget_kind(widget: forms.Widget) -> str:
    """How the field template lays out a widget: checkbox, choices, or a plain input."""
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    return "input"


class GovukFieldsMixin:
    """Adds GOV.UK classes to widgets, so templates need no per-field markup."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)  # type: ignore[misc]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = next(
                (name for cls, name in WIDGET_CLASSES.items() if type(widget) is cls),
                "govuk-input",
            )
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                css = "govuk-input govuk-input--width-10"
            if isinstance(widget, forms.NumberInput):
                css = "govuk-input govuk-input--width-10"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} {existing}".strip()


class GovukForm(GovukFieldsMixin, forms.Form):
    pass


class GovukModelForm(GovukFieldsMixin, forms.ModelForm):
    pass
