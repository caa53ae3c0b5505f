from django import forms
from django.utils.translation import gettext as _

from podium.competitions.models import Industry, Province
from podium.registration.models import Project
from podium.registration.services import EDITABLE_FIELDS
from podium.rules.registration_rows import HEADERS, KEYS_BY_HEADER, MAX_MEMBERS, MEMBER_KEYS


class ProjectEditForm(forms.ModelForm):
    """Renders and coerces the fields; the rules themselves run in the service."""

    video_url = forms.URLField(
        label=Project._meta.get_field("video_url").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Project
        fields = EDITABLE_FIELDS
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def validate_unique(self) -> None:
        """Left to the service, which validates the whole project once."""


class RegistrationForm(forms.Form):
    """Sign-up and the team's own edit: the fields of one spreadsheet row, plus login and deck.

    Every field is coerced as text; the row checker (the same one the import uses) decides.
    """

    def __init__(self, *args, edition, with_login: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if with_login:
            self.fields["username"] = forms.CharField(label=_("Login name"), required=False)
            self.fields["password"] = forms.CharField(
                label=_("Password"), required=False, widget=forms.PasswordInput
            )
        choices = {
            "track": edition.tracks.order_by("position"),
            "industry": Industry.objects.order_by("code"),
            "province": Province.objects.order_by("code"),
            "region": edition.regions.order_by("code"),
        }
        for key, label in HEADERS.items():
            if key.startswith("member"):
                continue
            if key in choices:
                options = [("", "—"), *((c.code, c.name) for c in choices[key])]
                field = forms.ChoiceField(label=label, choices=options, required=False)
            elif key == "summary":
                field = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 5})
                )
            else:
                field = forms.CharField(label=label, required=False)
            self.fields[key] = field
        self.fields["region"].help_text = _("Leave empty: it follows from the province.")
        self.fields["partners"].help_text = _("Several names separated by 、 or ;")
        for position in range(1, MAX_MEMBERS + 1):
            for suffix in ("name", "email"):
                key = f"member{position}_{suffix}"
                self.fields[key] = forms.CharField(
                    label=HEADERS[key],
                    required=False,
                    widget=forms.TextInput(attrs={"aria-label": HEADERS[key]}),
                )
        self.fields["deck"] = forms.FileField(
            label=_("Pitch deck (PDF)"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        )

    def member_pairs(self) -> list:
        return [(n, self[name], self[email]) for n, name, email in MEMBER_KEYS]

    def project_fields(self) -> list:
        return [self[n] for n in self.fields if not n.startswith("member") and n != "deck"]

    def row_values(self) -> dict:
        skip = {"username", "password", "deck"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def add_problems(self, problems) -> None:
        for problem in problems:
            key = KEYS_BY_HEADER.get(problem.column)
            self.add_error(
                key if key in self.fields else None, _(problem.template).format(**problem.params)
            )
