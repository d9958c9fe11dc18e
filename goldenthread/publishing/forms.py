from django import forms

from goldenthread.forms import GovukForm


class PublishForm(GovukForm):
    note = forms.CharField(
        label="Note for the public pages (optional)",
        help_text="For example, what the period covers or when the next figures are due.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    confirm = forms.BooleanField(
        label="I understand the figures become public and cannot be changed, only corrected",
        error_messages={"required": "Confirm that you understand the figures become public."},
    )


class OpenForCorrectionForm(GovukForm):
    reason = forms.CharField(
        label="Why does the published period need a correction?",
        help_text="Kept in the history of the period and of each return it unlocks.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the period needs a correction."},
    )


class CorrectForm(GovukForm):
    note = forms.CharField(
        label="What was corrected",
        help_text="Shown on the public pages beside the corrected figures.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what was corrected: the public pages show it."},
    )
