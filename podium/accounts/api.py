from django.http import HttpRequest
from ninja import Router, Schema

from podium.accounts.api_auth import AUTH
from podium.api_types import answers

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    display_name: str
    role: str


@router.get("", response=answers(MeOut, 401), auth=AUTH, summary="Who the credentials belong to")
def me(request: HttpRequest):
    return request.auth
