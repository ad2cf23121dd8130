from . import proposals, reports
from .proposals import provider_bp
from .views import bp

__all__ = ["bp", "proposals", "provider_bp", "reports"]
