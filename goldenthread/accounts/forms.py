from django.contrib.auth.forms import AuthenticationForm

from goldenthread.forms import GovukFieldsMixin


class SignInForm(GovukFieldsMixin, AuthenticationForm):
    pass
