"""The shared server-side list: `ListView(source, database)` over a data.listing.ListSource."""

from .model import KEY_ROLE, RAW_ROLE, ServerListModel
from .widget import ListView

__all__ = ["KEY_ROLE", "RAW_ROLE", "ListView", "ServerListModel"]
