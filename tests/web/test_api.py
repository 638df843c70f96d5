"""The JSON API: same permissions and functions as the pages; OpenAPI document."""

from __future__ import annotations

from tests.web.conftest import csrf


def test_openapi_describes_every_api_route(app):
    document = app.test_client().get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    described = {path.replace("{", "<").replace("}", ">") for path in document["paths"]}
    rules = {rule.rule.replace("<int:", "<") for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert rules - {"/api/openapi.json"} == described


def test_a_correction_through_the_api(app, signed_in, registered):
    client = signed_in("clerk")
    headers = {"X-CSRF-Token": csrf(client)}
    response = client.post(f"/api/cases/{registered}/corrections", json={"field": "effective", "value": "true"},
                           headers=headers)
    assert response.status_code == 200 and response.get_json()["ruling"]["effective"] is True
    bad = client.post(f"/api/cases/{registered}/corrections", json={"field": "decision_date", "value": "昨天"},
                      headers=headers)
    assert bad.status_code == 400 and "日期" in bad.get_json()["error"]
    case = client.get(f"/api/cases/{registered}").get_json()
    assert case["extracted"]["effective"] is False and case["corrected"]["effective"]["by"] == "clerk"


def test_api_without_csrf_header_is_refused_and_errors_are_json(app, signed_in, registered):
    response = signed_in("clerk").post(f"/api/cases/{registered}/corrections", json={"field": "effective", "value": "true"})
    assert response.status_code == 400 and "error" in response.get_json()


def test_search_through_the_api(app, signed_in, registered):
    hits = signed_in("archivist").get("/api/search?q=利伐沙班").get_json()
    assert hits["total"] == 1 and hits["hits"][0]["case_number"] == "（2098）京73民初1206号"
