"""Categories by their full path, 空调/配件/遥控器: what the catalogue list shows and
exports, and what the import reads back (services.importing.products).

One recursive query from the roots down; a category is active when it and every
category above it are.
"""

from __future__ import annotations

from sqlalchemy import Integer, Subquery, literal, select

from .tables import item_category_table

PATH_SEPARATOR = "/"
_MAX_DEPTH = 30  # a cycle cannot be stored (CHECK), but a bound costs nothing


def category_paths() -> Subquery:
    """Every category as (id, path, active)."""
    root = item_category_table.alias("category_root")
    tree = (select(root.c.id, root.c.name.label("path"), root.c.active,
                   literal(0, Integer).label("depth"))
            .where(root.c.parent_id.is_(None))
            .cte("category_tree", recursive=True, nesting=True))
    child = item_category_table.alias("category_child")
    tree = tree.union_all(
        select(child.c.id, tree.c.path + PATH_SEPARATOR + child.c.name,
               tree.c.active & child.c.active, tree.c.depth + 1)
        .where(child.c.parent_id == tree.c.id, tree.c.depth < _MAX_DEPTH))
    return select(tree.c.id, tree.c.path, tree.c.active).subquery("category_path")
