from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every form with the project's accessible field markup (labels, hints, errors
    tied to their field with aria-describedby, aria-invalid on fields in error)."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
