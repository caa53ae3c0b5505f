"""The score sheet form, built from the stage's rubric; the rules validate the marks."""

from __future__ import annotations

from django import forms

from podium.rules.marks import plain
from podium.rules.rubric import Rubric


def sheet_form_fields(rubric: Rubric, criteria_names: dict[str, str]) -> dict[str, forms.Field]:
    return {
        c.key: forms.CharField(
            label=f"{criteria_names.get(c.key, c.key)}（0–{plain(c.max_points)}）",
            required=False,
            widget=forms.TextInput(
                # hx-preserve: a page refresh of the same sheet keeps what was typed.
                attrs={
                    "inputmode": "decimal",
                    "autocomplete": "off",
                    "data-max": plain(c.max_points),
                    "data-mark": "",
                    "hx-preserve": "true",
                }
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
