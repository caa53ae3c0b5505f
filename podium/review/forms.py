"""Organiser forms for online review; the services check everything that matters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from podium.review.models import PairKind


class RunForm(forms.Form):
    per_project = forms.IntegerField(label=_("Reviewers per project (k)"), min_value=1)
    max_load = forms.IntegerField(label=_("Max projects per reviewer (L)"), min_value=1)


class PairForm(forms.Form):
    judge = forms.CharField(label=_("Reviewer (username)"), max_length=150)
    project = forms.CharField(label=_("Project number"), max_length=20)
    kind = forms.ChoiceField(label=_("Decision"), choices=PairKind.choices)
