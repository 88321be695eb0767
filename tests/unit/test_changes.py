"""What a write changed: which views it touches, record by record where known."""

from __future__ import annotations

from aftersales_desktop.core.changes import Changes


def test_an_entity_changed_anywhere_touches_every_record_of_it() -> None:
    changes = Changes.of("ticket")
    assert changes.touches_record("ticket", 7)
    assert not changes.touches_record("customer", 7)


def test_named_records_touch_only_themselves() -> None:
    changes = Changes.record("ticket", 7, 8)
    assert changes.touches("ticket")
    assert changes.touches_record("ticket", 8)
    assert not changes.touches_record("ticket", 9)


def test_union_keeps_records_unless_the_entity_changed_anywhere() -> None:
    both = Changes.record("ticket", 7) | Changes.of("customer")
    assert both.touches_record("ticket", 7) and not both.touches_record("ticket", 9)
    assert both.touches_record("customer", 123)
    wholesale = Changes.record("ticket", 7) | Changes.of("ticket")
    assert wholesale.touches_record("ticket", 9)
    assert (Changes.record("ticket", 1) | Changes.record("ticket", 2)).records == {
        ("ticket", 1), ("ticket", 2)}


def test_nothing_changed_is_false() -> None:
    assert not Changes()
    assert Changes.of("notice")
    assert not Changes().touches("ticket")
