"""The Ask page: FastAPI app and its static page, mounted by plugins/gong_ask_plugin.py."""
