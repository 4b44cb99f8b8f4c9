"""The project's form renderer: the accessible field markup, and select boxes and inputs
drawn in Python.

Django draws a select box with a template that includes one template per option, and that
one includes the attributes' template: two template renders per option; a text input is
three templates (text.html, input.html, attrs.html). A filter with the 70 networks, or a
list with a small form per row, spends most of its form time there (issue #17, decision
0023). ``select_html`` and ``input_html`` write the same markup as Django's own templates,
character for character (tests/config/test_forms.py compares them); anything those
templates would treat in a way they do not copy (a custom option template, a label that is
not text, a callable value) goes to the templates as before, and so does every widget whose
template the project overrides.
"""

from __future__ import annotations

import functools
from pathlib import Path

import django
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
SELECT = WIDGETS + "select.html"
OPTION = WIDGETS + "select_option.html"
# Django's templates that are only {% include "django/forms/widgets/input.html" %}
INPUTS = frozenset(
    WIDGETS + name
    for name in (
        "checkbox.html", "color.html", "date.html", "datetime.html", "email.html", "file.html",
        "hidden.html", "number.html", "password.html", "search.html", "tel.html", "text.html",
        "time.html", "url.html",
    )
)  # fmt: skip
DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


class FormRenderer(TemplatesSetting):
    """Render every form with the project's accessible field markup (labels, hints, errors
    tied to their field with aria-describedby, aria-invalid on fields in error)."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"

    def render(self, template_name, context, request=None):
        draw = select_html if template_name == SELECT else input_html
        if (template_name == SELECT or template_name in INPUTS) and self._djangos(template_name):
            html = draw(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)

    @functools.cache  # noqa: B019 - one renderer per process (get_default_renderer)
    def _djangos(self, template_name: str) -> bool:
        """Django's own templates for this widget are the ones in use (not overridden)."""
        used = [template_name, WIDGETS + "attrs.html"]
        used.append(OPTION if template_name == SELECT else WIDGETS + "input.html")
        return all(
            Path(self.get_template(name).origin.name) == DJANGO_TEMPLATES / name for name in used
        )


class _NotPlain(Exception):
    """A value the templates would render in a way select_html does not copy."""


def _text(value) -> str:
    """``{{ value }}`` for text: escaped unless already safe (numbers, dates, callables
    would be localised or called by the template: not copied)."""
    if not isinstance(value, str | Promise):
        raise _NotPlain
    return conditional_escape(str(value))


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: str() of anything, escaped unless it was safe."""
    if callable(value):
        raise _NotPlain
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(
            f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        )
    return "".join(parts)


def input_html(widget: dict) -> str | None:
    """The markup of django/forms/widgets/input.html (the templates of INPUTS include only
    it); None when the templates must draw it."""
    try:
        value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
        return (
            f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
            f"{_attrs(widget['attrs'])}>"
        )
    except _NotPlain:
        return None


def select_html(widget: dict) -> str | None:
    """The markup of django/forms/widgets/select.html for the widget's context, stripped as
    the renderer strips it; None when the templates must draw it."""
    try:
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                if option["template_name"] != OPTION:
                    raise _NotPlain
                # the option's template ends with a newline, which the include keeps
                parts.append(
                    f'\n  <option value="{_formatted(option["value"])}"'
                    f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
    except _NotPlain:
        return None
    return "".join(parts)
