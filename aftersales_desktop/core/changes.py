"""What a write changed: the message from an operation to the views that may show it.

Plain data, no Qt, so a service can build one and a test can compare them. The UI's
operations (ui/operations.py) announce it after a write succeeded; each open view asks
whether it `touches` what the view shows and refreshes itself if so.

Entity names in use: "ticket", "customer", "device", "notice", "preorder",
"front_desk_settings", "operator" (each module adds its own).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """Entities a write changed and, where known, which records of them."""

    entities: frozenset[str] = frozenset()
    # (entity, key) pairs; an entity listed without records may have changed anywhere
    records: frozenset[tuple[str, Hashable]] = frozenset()

    @classmethod
    def of(cls, *entities: str) -> Changes:
        return cls(frozenset(entities))

    @classmethod
    def record(cls, entity: str, *keys: Hashable) -> Changes:
        """These records of `entity` changed, and nothing else of it."""
        return cls(frozenset((entity,)), frozenset((entity, key) for key in keys))

    def __or__(self, other: Changes) -> Changes:
        anywhere = self._anywhere() | other._anywhere()
        return Changes(self.entities | other.entities,
                       frozenset(r for r in self.records | other.records
                                 if r[0] not in anywhere))

    def _anywhere(self) -> set[str]:
        named = {entity for entity, _key in self.records}
        return {entity for entity in self.entities if entity not in named}

    def touches(self, *entities: str | Iterable[str]) -> bool:
        wanted: set[str] = set()
        for entity in entities:
            wanted.update((entity,) if isinstance(entity, str) else entity)
        return bool(self.entities & wanted)

    def touches_record(self, entity: str, key: Hashable) -> bool:
        """True when this record may have changed (named, or its entity changed wholesale)."""
        if entity not in self.entities:
            return False
        named = {k for e, k in self.records if e == entity}
        return not named or key in named

    def __bool__(self) -> bool:
        return bool(self.entities)
