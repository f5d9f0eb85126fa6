"""Keyset pagination: "first / previous / next / last" through a long list, each page one indexed query.

A page number needs an OFFSET, and the database reads and throws away every row before it: the
10,000th page of a film's 200,000 reviews would read 200,000 index entries. A keyset page starts instead
from the last row the reader saw (the cursor) with a row comparison, ``(key, id) < (k, i)``, which an
index on ``(key, id)`` answers by seeking straight to it. So the last page costs what the first does.

An ``Order`` is one sort of a list: a key that is never NULL (wrap a nullable column in ``Coalesce``)
and the primary key, both ascending or both descending, so that one index serves both directions.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, F, Func, Model, QuerySet, Value

END = "end"  # ?before=end: the last page


class RowComparison(Func):
    """``(a, b) < (x, y)`` in SQL's row-value syntax (PostgreSQL; SQLite 3.15 and later)."""

    output_field = BooleanField()

    def __init__(self, left, operator, right):
        if len(left) != len(right) or operator not in ("<", ">"):
            raise ValueError("A row comparison needs rows of one width and < or >.")
        self.operator = operator
        super().__init__(*left, *right)

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, part_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(part_params)
        width = len(parts) // 2
        return f"({', '.join(parts[:width])}) {self.operator} ({', '.join(parts[width:])})", params


@dataclass(frozen=True)
class Order:
    """One sort of a list: ``key`` (an expression, never NULL) then the primary key, one direction.

    ``kind`` is the key's Python type, ``date`` or ``int``, for reading it back from a cursor;
    ``value`` gives a row's key the way ``key`` computes it in SQL.
    """

    label: str
    key: Any
    descending: bool
    kind: type
    value: Any

    def order_by(self, reverse: bool = False) -> list[Any]:
        descending = self.descending != reverse
        return [
            self.key.desc() if descending else self.key.asc(),
            F("pk").desc() if descending else F("pk").asc(),
        ]

    def beyond(self, key: Any, pk: int, reverse: bool = False) -> "RowComparison":
        """Rows that come after (key, pk) in this order, or before it when ``reverse``."""
        descending = self.descending != reverse
        return RowComparison([self.key, F("pk")], "<" if descending else ">", [Value(key), Value(pk)])

    def cursor(self, row: Model) -> str:
        key = self.value(row)
        return f"{key.isoformat() if isinstance(key, date) else key}.{row.pk}"

    def parse(self, cursor: str) -> tuple[Any, int]:
        """(key, pk) from a cursor; ValueError when it is not one this order made (numbers past what a
        database's 64-bit integer holds included)."""
        key, _, pk = cursor.rpartition(".")
        numbers = [int(pk)] if self.kind is date else [int(key), int(pk)]
        if any(not -(2**63) <= number < 2**63 for number in numbers):
            raise ValueError(f"{cursor!r}: a number past 64 bits")
        return (date.fromisoformat(key) if self.kind is date else numbers[0]), numbers[-1]


@dataclass
class KeysetPage:
    items: list[Model]
    order: Order
    has_previous: bool
    has_next: bool

    @property
    def previous_cursor(self):
        return self.order.cursor(self.items[0]) if self.has_previous and self.items else ""

    @property
    def next_cursor(self):
        return self.order.cursor(self.items[-1]) if self.has_next and self.items else ""

    @property
    def is_paginated(self):
        return self.has_previous or self.has_next

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def keyset_page(queryset: QuerySet, order: Order, size: int, after: str = "", before: str = "") -> KeysetPage:
    """One page of ``queryset`` in ``order``, after or before a cursor: one query.

    ``before=END`` is the last page. Raises ValueError for a cursor that cannot be read.
    """
    if after:
        key, pk = order.parse(after)
        rows = list(queryset.filter(order.beyond(key, pk)).order_by(*order.order_by())[: size + 1])
        return KeysetPage(rows[:size], order, has_previous=True, has_next=len(rows) > size)
    if before:
        backwards = queryset.order_by(*order.order_by(reverse=True))
        if before != END:
            key, pk = order.parse(before)
            backwards = backwards.filter(order.beyond(key, pk, reverse=True))
        rows = list(backwards[: size + 1])
        page = rows[:size][::-1]
        return KeysetPage(page, order, has_previous=len(rows) > size, has_next=before != END)
    rows = list(queryset.order_by(*order.order_by())[: size + 1])
    return KeysetPage(rows[:size], order, has_previous=False, has_next=len(rows) > size)
