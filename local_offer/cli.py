"""Flask CLI commands for the directory: ``flask local-offer ...``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

cli = AppGroup("local-offer", help="Load, import and export the Local Offer directory.")
