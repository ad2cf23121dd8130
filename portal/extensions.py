"""Extensions of the whole portal. The shared ones come from local_offer (see there for why)."""

from flask_login import LoginManager
from flask_migrate import Migrate

from local_offer.extensions import babel, csrf, db, limiter

migrate = Migrate()
login_manager = LoginManager()
login_manager.login_view = "accounts.sign_in"
# Flask-Login's default flash message is English-only; the sign-in page explains itself.
login_manager.login_message = None  # type: ignore[assignment]

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate"]
