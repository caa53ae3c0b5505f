"""Match-making forms: they carry the input; the services validate it, once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from podium.competitions.models import Industry, Province
from podium.matchmaking.models import MeetingSlot, OfferKind, OutcomeKind, SeekKind


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Offer or need"), choices=OfferKind.choices)
    title = forms.CharField(label=_("Title"), required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    industries = forms.ModelMultipleChoiceField(
        label=_("Industries"), queryset=Industry.objects.order_by("code"), required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("code"),
        required=False,
        empty_label=_("Nationwide"),
    )


class SeekForm(forms.Form):
    kind = forms.ChoiceField(label=_("We seek"), choices=SeekKind.choices)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Meeting slot"), queryset=MeetingSlot.objects.none(), required=False
    )
    reply = forms.CharField(label=_("Reply"), required=False)

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        if slots is not None:
            self.fields["slot"].queryset = slots


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), required=False)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SlotsForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("Minutes per meeting"), initial=30)
    places = forms.CharField(
        label=_("Tables or rooms, one per line"), widget=forms.Textarea(attrs={"rows": 3})
    )
