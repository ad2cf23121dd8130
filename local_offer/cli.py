"""Flask CLI commands for the directory: ``flask local-offer ...``."""

from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("local-offer", help="Load, import and export the Local Offer directory.")

# --- demo data and postcodes (local_offer/demo) ---

# --- import and export (local_offer/interchange) ---
