"""Extensions of the whole portal. The shared ones come from local_offer (see there for why)."""

from flask_migrate import Migrate

from local_offer.extensions import babel, csrf, db, limiter

migrate = Migrate()

__all__ = ["babel", "csrf", "db", "limiter", "migrate"]
