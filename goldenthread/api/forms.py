from django import forms

from goldenthread.api.models import ApiToken
from goldenthread.forms import GovukForm


class TokenForm(GovukForm):
    name = forms.CharField(
        label="What will use this token?",
        max_length=100,
        help_text="For example “Housing system nightly load”, so you know what to revoke later.",
    )
    scope = forms.ChoiceField(
        label="What may it do?",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read and write lets it enter returns, action updates and risk reviews, "
        "within what you yourself may do.",
    )
