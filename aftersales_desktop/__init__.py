"""After-sales Desktop: a PySide6 client over one shared PostgreSQL for repair shops."""

__version__ = "0.1.0"
APP_NAME = "AftersalesDesktop"
