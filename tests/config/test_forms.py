"""The select boxes and inputs drawn in Python (config.forms) are Django's own markup,
character for character, for every kind the forms use."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from config.forms import INPUTS, SELECT, FormRenderer, input_html, select_html
from netwerk.models import Netwerk
from tests.netwerk.factories import NetwerkFactory


def _templates(widget: forms.Widget, name: str, value) -> str:
    """The markup Django's templates draw for the widget."""
    return TemplatesSetting().render(widget.template_name, widget.get_context(name, value, None))


def _python(widget: forms.Widget, name: str, value) -> str | None:
    return select_html(widget.get_context(name, value, None)["widget"])


WIDGETS = [
    forms.Select(choices=[("", "Alle"), ("a", "A & B"), ("b", "<b>vet</b>")]),
    forms.Select(choices=[(1, "een"), (2, "twee")], attrs={"id": "id_x", "required": True}),
    forms.Select(choices=[("x", gettext_lazy("Zoeken")), ("y", mark_safe("<i>veilig</i>"))]),
    forms.Select(
        choices=[("Groep 1", [("a", "A"), ("b", "B")]), ("c", "C"), ("Groep <2>", [("d", "D")])]
    ),
    forms.Select(attrs={"disabled": False, "aria-describedby": 'a"b', "data-n": 3}),
    forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]),
]


@pytest.mark.parametrize("widget", WIDGETS)
@pytest.mark.parametrize("value", [None, "", "a", "b", 1, ["a", "c"], "<x>"])
def test_select_is_djangos_markup(widget, value):
    html = _python(widget, "keuze", value)
    assert html is not None
    assert html == _templates(widget, "keuze", value)


INPUT_WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"inputmode": "decimal", "required": True, "aria-invalid": "true"}),
    forms.NumberInput(attrs={"min": 0, "step": "0.1", "disabled": False}),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.EmailInput(attrs={"placeholder": 'naam@"voorbeeld".nl'}),
    forms.HiddenInput(),
    forms.PasswordInput(render_value=True),
    forms.CheckboxInput(),
    forms.TextInput(attrs={"aria-describedby": mark_safe("id_a_helptext id_a_error")}),
]


@pytest.mark.parametrize("widget", INPUT_WIDGETS)
@pytest.mark.parametrize(
    "value", [None, "", "tekst", "<script>&", 0, 12.5, True, dt.date(2026, 12, 3), "2026-12-03"]
)
def test_input_is_djangos_markup(widget, value):
    context = widget.get_context("veld", value, None)
    assert context["widget"]["template_name"] in INPUTS
    html = input_html(context["widget"])
    assert html is not None
    assert html == _templates(widget, "veld", value)


@pytest.mark.parametrize("value", [None, True, False, "true", "unknown"])
def test_yes_no_select_is_djangos_markup(value):
    widget = forms.NullBooleanSelect()
    assert _python(widget, "ja_nee", value) == _templates(widget, "ja_nee", value)


@pytest.mark.django_db
def test_model_choices_are_djangos_markup():
    NetwerkFactory(naam="Netwerk <Oost> & West")
    NetwerkFactory(naam="Netwerk Noord")
    field = forms.ModelChoiceField(Netwerk.objects.order_by("naam"), empty_label="Alle netwerken")
    netwerk = Netwerk.objects.order_by("naam").first()
    for value in (None, netwerk.pk):
        html = _python(field.widget, "netwerk", value)
        assert html is not None and "Netwerk &lt;Oost&gt; &amp; West" in html
        assert html == _templates(field.widget, "netwerk", value)


def test_what_python_does_not_copy_goes_to_the_templates():
    """A label that is not text (the template would localise it) or a custom option template
    is left to the templates, and the renderer still draws it."""
    number_label = forms.Select(choices=[(1, 1000)])
    assert _python(number_label, "n", 1) is None
    custom = forms.Select(choices=[("a", "A")])
    custom.option_template_name = "django/forms/widgets/radio_option.html"
    assert _python(custom, "n", "a") is None
    context = number_label.get_context("n", 1, None)
    assert FormRenderer().render(SELECT, context) == _templates(number_label, "n", 1)


class _TemplatesOnly(FormRenderer):
    """The project's renderer without the Python drawing."""

    render = TemplatesSetting.render


def test_a_bound_form_renders_the_same_through_the_project_renderer():
    renderer = FormRenderer()
    # else nothing is drawn in Python
    assert all(renderer._djangos(name) for name in [SELECT, *INPUTS])

    class Form(forms.Form):
        keuze = forms.ChoiceField(choices=[("", "Alle"), ("a", "A")], required=False)
        tekst = forms.CharField(max_length=20, help_text="Hulp")
        datum = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    form = Form({"keuze": "a", "tekst": "<b>", "datum": "geen datum"})
    fast = str(form)
    assert 'value="a" selected' in fast and 'value="&lt;b&gt;"' in fast
    form.renderer = _TemplatesOnly()
    assert fast == str(form)
