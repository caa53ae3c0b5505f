from django import forms

from podium.registration.models import Project
from podium.registration.services import EDITABLE_FIELDS


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
