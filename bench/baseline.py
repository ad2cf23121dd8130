"""The baseline for the load test: the smallest honest Flask page, 20 rows from the same
database rendered through Jinja, served by the same gunicorn settings. The portal's
latency is read as a ratio to this, so the figure means something on any machine."""

from __future__ import annotations

import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, text

PAGE = """<!DOCTYPE html><html lang="en"><title>Services</title><ul>
{% for row in rows %}<li>{{ row.name }}: {{ row.summary }}</li>{% endfor %}</ul>"""

url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
engine = create_engine(url, pool_pre_ping=True)
app = Flask(__name__)


@app.get("/")
def services() -> str:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name, summary FROM service ORDER BY id LIMIT 20")
        ).all()
    return render_template_string(PAGE, rows=rows)
