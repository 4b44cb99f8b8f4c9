from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .dates import validate_period, validate_planned_date
from .models import AccessAction, AccessOutcome


def samen_verplicht(form: forms.Form, *names: str) -> None:
    """Fields of which at least one must be filled in (an e-mail address or a phone number;
    the outcome measurements taken): none of them says "(optioneel)" beside its label, since
    leaving all empty is refused. The form's help text or clean() says which one is needed."""
    for name in names:
        if name in form.fields:
            form.fields[name].samen_verplicht = True


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _(
            "Deze combinatie van e-mailadres en wachtwoord is niet bekend. "
            "Let op: na herhaalde mislukte pogingen wordt het account tijdelijk geblokkeerd."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].lower()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        help_text=_("De zescijferige code die de app nu toont."),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Een code bestaat alleen uit cijfers."))
        return token


class AccessLogFilterForm(forms.Form):
    gebruiker = forms.CharField(label=_("Gebruiker (e-mail bevat)"), required=False)
    client = forms.IntegerField(label=_("Cliënt-id"), required=False, min_value=1)
    actie = forms.ChoiceField(
        label=_("Actie"), required=False, choices=[("", _("Alle")), *AccessAction.choices]
    )
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst"), required=False, choices=[("", _("Alle")), *AccessOutcome.choices]
    )
    van = forms.DateField(
        label=_("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_planned_date],
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_planned_date],
    )

    def clean(self):
        cleaned = super().clean()
        try:
            validate_period(cleaned.get("van"), cleaned.get("tot"))
        except forms.ValidationError as error:
            self.add_error("tot", error)
        return cleaned


class MeldingenVoorkeurForm(forms.Form):
    per_email = forms.TypedChoiceField(
        label=_("Hoe wilt u meldingen ontvangen?"),
        choices=[
            ("ja", _("In de applicatie en per e-mail")),
            ("nee", _("Alleen in de applicatie")),
        ],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        help_text=_(
            "Bijvoorbeeld als er een cliënt aan u is toegewezen of als een indicatie op uw "
            "medeondertekening wacht. Een e-mail noemt nooit een cliënt: hij linkt naar de "
            "applicatie."
        ),
    )
