"""The Local Offer directory: services, search, open data and the council's published pages.

It stands on its own: nothing here imports ``portal``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .api import bp as api_bp
    from .api import csv_bp
    from .cli import cli
    from .content import bp as content_bp
    from .directory import bp as directory_bp
    from .formatting import register_template_filters
    from .languages import bp as languages_bp

    app.register_blueprint(directory_bp)
    app.register_blueprint(content_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(csv_bp)
    app.register_blueprint(languages_bp)
    app.cli.add_command(cli)
    register_template_filters(app)
