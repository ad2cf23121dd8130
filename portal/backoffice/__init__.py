from . import proposals
from .proposals import provider_bp
from .views import bp

__all__ = ["bp", "proposals", "provider_bp"]
