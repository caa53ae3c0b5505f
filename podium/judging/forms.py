"""The score sheet form, built from the stage's rubric; the rules validate the marks."""

from __future__ import annotations

from django import forms

from podium.errors import PodiumError
from podium.rules.rubric import Rubric


def sheet_form_fields(rubric: Rubric, criteria_names: dict[str, str]) -> dict[str, forms.Field]:
    return {
        c.key: forms.CharField(
            label=f"{criteria_names.get(c.key, c.key)}（0–{c.max_points}）",
            required=False,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "data-max": c.max_points}
            ),
        )
        for c in rubric.criteria
    }


class SheetForm(forms.Form):
    """Marks arrive as text so the rules see exactly what the judge typed."""

    def __init__(self, *args, rubric: Rubric, criteria_names: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(sheet_form_fields(rubric, criteria_names))
        self.fields["client_token"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        self.rubric = rubric

    def marks(self) -> dict[str, str]:
        return {c.key: self.data.get(c.key, "") for c in self.rubric.criteria}


def form_add_service_errors(form: forms.Form, error: PodiumError) -> None:
    """Show a service's refusal on the form: per criterion where it names one, else on top."""
    field = error.extra.get("field")
    given = error.extra.get("errors")
    errors = given if isinstance(given, dict) else {field: error.message}
    for key, message in errors.items():
        form.add_error(key if key in form.fields else None, message)
