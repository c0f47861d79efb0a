"""Airflow 3 plugin: the "Ask the calls" page in the Airflow UI.

The FastAPI app is mounted by the API server under ``/gong-ask``; the external view embeds it as a page of the
Airflow UI (nav entry "Ask the calls", route ``/plugin/gong-ask``). The plugins folder and the project root are both on the path in Airflow (Astro) images. Imports stay light: the engine and its
warehouse/model dependencies load on the first question.
"""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from include.gong_intel.ask.web.app import create_app

URL_PREFIX = "/gong-ask"


class GongAskPlugin(AirflowPlugin):
    name = "gong_ask"
    fastapi_apps = [{"app": create_app(), "url_prefix": URL_PREFIX, "name": "Ask the calls"}]
    external_views = [
        {
            "name": "Ask the calls",
            # No leading slash: resolved against the UI's base URL, so it works behind a proxy prefix.
            "href": "gong-ask/",
            "url_route": "gong-ask",
            "destination": "nav",
            "category": "browse",
        }
    ]
