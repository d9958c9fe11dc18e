"""GOV.UK Design System rendering for every Django form in the product.

`{{ form }}` renders each field with its label, hint and error message in GOV.UK
markup; the page template shows the error summary. Forms subclass GovukForm or
GovukModelForm, which also guards against lost updates when a form carries a
version.
"""

import hashlib

from django import forms
from django.db import models
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


# The version a form carries when it was drawn for a row not saved yet.
NOT_YET_SAVED = "new"


def version_token(instance: models.Model) -> str:
    """A fingerprint of the row as saved: it changes whenever any stored field changes."""
    values = [
        (field.attname, str(getattr(instance, field.attname)))
        for field in instance._meta.concrete_fields
    ]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


class ConcurrencyMixin:
    """Optimistic concurrency for edit forms: a second save over a stale version is refused
    with both versions shown, never a silent overwrite.

    The form carries the fingerprint of the row it was drawn from. On submission the row is
    read again (locked, inside the caller's transaction, when `check_current` runs there);
    if it has changed the form gains an error listing each field as saved by the other
    person and as entered here, and a fresh fingerprint, so saving again is a deliberate
    choice.
    """

    version_field = "edit_version"

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)  # type: ignore[misc]
        self.fields[self.version_field] = forms.CharField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, required=False
        )
        # A form drawn before the row existed says so, so that a save after someone else
        # has made the row (a return two people open while it is still "to do") is a
        # conflict too, not an overwrite.
        self.initial[self.version_field] = (  # type: ignore[attr-defined]
            version_token(self.instance) if self.instance.pk else NOT_YET_SAVED  # type: ignore[attr-defined]
        )

    def check_current(self) -> bool:
        """False (with the conflict on the form) when someone saved the row since it was drawn."""
        instance = self.instance  # type: ignore[attr-defined]
        if not instance.pk:
            return True
        saved = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        submitted = self.cleaned_data.get(self.version_field, "")  # type: ignore[attr-defined]
        if not submitted or submitted == version_token(saved):
            return True
        self.report_conflict(saved)
        return False

    def report_conflict(self, saved: models.Model) -> None:
        """Puts the conflict on the form: each field as saved by the other person and as
        entered here, and the saved row's fingerprint, so that saving again is deliberate."""
        instance = self.instance  # type: ignore[attr-defined]
        differences = []
        for name in self.changed_data:  # type: ignore[attr-defined]
            if name == self.version_field or name not in self.cleaned_data:  # type: ignore[attr-defined]
                continue
            field = instance._meta.get_field(name)
            if field.many_to_many:
                continue
            theirs, yours = getattr(saved, name), self.cleaned_data[name]  # type: ignore[attr-defined]
            if theirs != yours:
                differences.append(
                    f"{field.verbose_name.capitalize()}: saved as “{theirs}”, yours “{yours}”"
                )
        message = (
            "Someone else saved this while you were editing it. Check their changes, then save "
            "again to keep yours."
        )
        if differences:
            message += " " + "; ".join(differences) + "."
        self.add_error(None, message)  # type: ignore[attr-defined]
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix(self.version_field)] = version_token(saved)  # type: ignore[attr-defined]
        self.data = data


class GovukForm(GovukFieldsMixin, forms.Form):
    pass


class GovukModelForm(GovukFieldsMixin, ConcurrencyMixin, forms.ModelForm):
    """A model form in GOV.UK markup that refuses to overwrite someone else's newer save."""
