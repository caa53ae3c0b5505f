"""The organiser's draw forms: they carry the input; the services validate it, once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DrawCommitForm(forms.Form):
    action = "commit"
    commitment = forms.CharField(
        label=_("Commitment (SHA-256 of the seed)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class DrawRevealForm(forms.Form):
    action = "reveal"
    # The seed is taken exactly as typed: a space is part of what was hashed.
    seed = forms.CharField(
        label=_("Seed"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
