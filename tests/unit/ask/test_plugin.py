from fastapi.testclient import TestClient

from include.gong_intel.ask.web.app import create_app, require_airflow_user


def _client(answers):
    app = create_app(
        lambda q, asker: answers.setdefault(q, {"question": q, "headline": f"answer to {q}", "asker": asker})
    )
    app.dependency_overrides[require_airflow_user] = lambda: "user"
    return TestClient(app)


def test_ask_endpoint_answers_a_question():
    answers = {}
    response = _client(answers).post("/api/ask", json={"question": "Which deals are at risk?"})
    assert response.status_code == 200
    assert response.json() == {
        "question": "Which deals are at risk?",
        "headline": "answer to Which deals are at risk?",
        "asker": "user",  # the signed-in Airflow user asks: "my calls" are theirs
    }
    assert list(answers) == ["Which deals are at risk?"]


def test_the_signed_in_users_name_is_the_asker():
    class User:
        def get_name(self):
            return "riley.novak@northwind.io"

    app = create_app(lambda q, asker: {"asker": asker})
    app.dependency_overrides[require_airflow_user] = User
    assert TestClient(app).post("/api/ask", json={"question": "my calls"}).json() == {
        "asker": "riley.novak@northwind.io"
    }


def test_page_is_served_and_uses_relative_api_url():
    response = _client({}).get("/")
    assert response.status_code == 200 and 'fetch("api/ask"' in response.text


def test_requests_without_an_airflow_session_are_rejected():
    client = TestClient(create_app(lambda q, asker: {"q": q}))
    assert client.post("/api/ask", json={"question": "hi"}).status_code == 401


def test_empty_or_oversized_questions_are_rejected_before_the_engine():
    client = _client({})
    assert client.post("/api/ask", json={"question": ""}).status_code == 422
    assert client.post("/api/ask", json={"question": "x" * 501}).status_code == 422


def test_plugin_registers_app_and_nav_view():
    from plugins.gong_ask_plugin import GongAskPlugin

    assert GongAskPlugin.fastapi_apps[0]["url_prefix"] == "/gong-ask"
    view = GongAskPlugin.external_views[0]
    assert view["href"] == "gong-ask/" and view["url_route"] == "gong-ask"
