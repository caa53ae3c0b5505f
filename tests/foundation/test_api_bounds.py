"""The API refuses what the database cannot hold or the schema does not allow with a 4xx
in its one error shape, never a 500, and its OpenAPI document says what it enforces."""

import pytest

from podium.accounts.services import api_token_create
from podium.registration.models import Project
from podium.review.models import ReviewAssignment

pytestmark = pytest.mark.django_db
PAST_64_BITS = 2**64  # 18446744073709551616
LE_ID = "Input should be less than or equal to 9223372036854775807"
NOT_A_BOOLEAN = "give a whole number, not true or false"


@pytest.fixture
def token_for(db):
    def make(user) -> dict[str, str]:
        return {"Authorization": f"Bearer {api_token_create(user=user, name='test')}"}

    return make


def refusal(field: str, message: str) -> dict:
    return {
        "detail": f"{field}: {message}",
        "field": field,
        "errors": [{"field": field, "message": message}],
    }


def _post(client, url: str, body: object, headers: dict[str, str], method: str = "post"):
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def test_api_projects_page_past_the_bound_is_refused(client):
    response = client.get("/api/projects?page=4611686018427387904")

    assert (response.status_code, response.json()) == (
        400,
        refusal("page", "Input should be less than or equal to 2147483647"),
    )


def test_api_projects_page_past_the_last_is_empty(client):
    body = client.get("/api/projects?page=2147483647").json()

    assert body == {"items": [], "count": 1457}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/api/sheets/{PAST_64_BITS}/1", "stage_id"),
        (f"/api/sheets/3/{2**63}", "project_id"),
        (f"/api/review/{PAST_64_BITS}/1", "stage_id"),
        (f"/api/review/stages/{PAST_64_BITS}/progress", "stage_id"),
        (f"/api/projects/{PAST_64_BITS}", "project_id"),
        (f"/api/results/{PAST_64_BITS}/leader", "stage_id"),
    ],
)
def test_api_path_id_past_64_bits_is_refused(client, users, token_for, url, field):
    response = client.get(url, headers=token_for(users["judge"]))

    assert (response.status_code, response.json()) == (400, refusal(field, LE_ID))


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"video_url": None}, "video_url", "Input should be a valid string"),
        ({"title": None}, "title", "Input should be a valid string"),
        ({"patents": None}, "patents", "Input should be a valid integer"),
        ({"patents": True}, "patents", NOT_A_BOOLEAN),
        ({"patents": 2**31}, "patents", "Input should be less than or equal to 2147483647"),
    ],
)
def test_api_patch_null_boolean_or_huge_is_refused_and_changes_nothing(
    client, users, token_for, payload, field, message
):
    project = Project.objects.get(team__account=users["team"])
    before = (project.title, project.patents, project.video_url)

    response = _post(
        client, f"/api/projects/{project.pk}", payload, token_for(users["organiser"]), "patch"
    )

    assert (response.status_code, response.json()) == (400, refusal(field, message))
    project.refresh_from_db()
    assert (project.title, project.patents, project.video_url) == before


def test_api_project_review_unknown_decision_is_refused(client, users, token_for):
    project = Project.objects.get(team__account=users["team"])

    response = _post(
        client,
        f"/api/projects/{project.pk}/review",
        {"decision": "maybe"},
        token_for(users["organiser"]),
    )

    assert (response.status_code, response.json()) == (
        400,
        refusal("decision", "Input should be 'accept' or 'reject'"),
    )


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"per_project": True, "max_load": 3}, "per_project", NOT_A_BOOLEAN),
        (
            {"per_project": 0, "max_load": 3},
            "per_project",
            "Input should be greater than or equal to 1",
        ),
        (
            {"per_project": 2, "max_load": 2**63},
            "max_load",
            "Input should be less than or equal to 2147483647",
        ),
    ],
)
def test_api_review_assign_bad_numbers_are_refused_before_solving(
    client, users, token_for, payload, field, message
):
    before = ReviewAssignment.objects.count()

    response = _post(client, "/api/review/stages/1/assign", payload, token_for(users["organiser"]))

    assert (response.status_code, response.json()) == (400, refusal(field, message))
    assert ReviewAssignment.objects.count() == before


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "String should have at least 1 character"),
        ("x" * 65, "String should have at most 64 characters"),
    ],
)
def test_api_submit_client_token_outside_1_to_64_is_refused(
    client, users, token_for, token, message
):
    url = "/api/sheets/2/1"  # the schema refuses before the sheet is looked up
    body = {"marks": {}, "client_token": token}

    response = _post(client, f"{url}/submit", body, token_for(users["judge"]))

    assert (response.status_code, response.json()) == (400, refusal("client_token", message))


def test_api_body_past_the_limit_is_a_413_in_the_error_shape(client, users, token_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    project = Project.objects.get(team__account=users["team"])

    response = _post(
        client,
        f"/api/projects/{project.pk}",
        {"summary": "x" * 2000},
        {**token_for(users["organiser"]), "Accept-Language": "en"},
        "patch",
    )

    assert (response.status_code, response.json()) == (
        413,
        {"detail": "the request body is larger than 1000 bytes", "field": None},
    )
    project.refresh_from_db()
    assert project.summary != "x" * 2000


def test_api_body_that_is_not_json_is_refused_in_the_error_shape(client, users, token_for):
    project = Project.objects.get(team__account=users["team"])

    response = _post(
        client, f"/api/projects/{project.pk}", '{"title": ', token_for(users["organiser"]), "patch"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Cannot parse request body", "field": None},
    )


def test_api_openapi_document_states_the_bounds_and_answers(client):
    document = client.get("/api/openapi.json").json()
    submit = document["paths"]["/api/sheets/{stage_id}/{project_id}/submit"]["post"]
    stage_id = next(p for p in submit["parameters"] if p["name"] == "stage_id")["schema"]
    schemas = document["components"]["schemas"]

    assert sorted(submit["responses"]) == ["200", "400", "401", "403", "404", "409", "413"]
    assert (stage_id["minimum"], stage_id["maximum"]) == (1, 2**63 - 1)
    token = schemas["SubmitIn"]["properties"]["client_token"]
    assert (token["minLength"], token["maxLength"]) == (1, 64)
    assert schemas["AssignIn"]["properties"]["per_project"]["minimum"] == 1
    assert schemas["ReviewIn"]["properties"]["decision"]["enum"] == ["accept", "reject"]
