from .views import bp, csv_bp

__all__ = ["bp", "csv_bp"]
