"""Hot lookups whose SQL is made once.

Building and compiling a queryset costs the ORM more than the database takes to answer it.
A lookup of one row by an index takes about 0.23 ms through the ORM on this machine, and
0.04 ms as the same SQL sent straight to the cursor. A few lookups run on nearly every
signed-in request: the open workout of the home and start pages, the workout a player
button acts on. Each of those is a PreparedQuery. Its queryset is compiled once per
database, with example values, to learn where each value goes among the parameters. After
that a call only sends the kept SQL with the real values. The rows become model instances
as the queryset would make them, through Django's own column converters.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from django.db import connections, models, router
from django.db.models.sql import UpdateQuery
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: dict[str, tuple[int, ...]]  # where each argument's value goes among the params
    to_db: dict[str, Callable[[Any], Any]]
    attnames: list[str] | None  # None: a values_list() query
    converters: list[tuple[int, tuple[list, Any]]]


class _Prepared[M: models.Model]:
    """What a prepared query and a prepared update share: the SQL compiled once per
    database, and each call's values put in their places."""

    def __init__(
        self, build: Callable[..., models.QuerySet[M, Any]], **examples: tuple[Any, Any]
    ) -> None:
        self.build = build
        self.examples = examples
        self._compiled: dict[str, _Compiled] = {}
        self.model: type[M] | None = None

    def _compiler(self, alias: str, values: dict[str, Any]) -> SQLCompiler:
        raise NotImplementedError

    def _database_for(self, model: type[M]) -> str:
        return router.db_for_read(model)

    def _execute(self, values: dict[str, Any], run: Callable[[Any, _Compiled], Any]) -> Any:
        if values.keys() != self.examples.keys():
            raise TypeError(f"expected {sorted(self.examples)}, got {sorted(values)}")
        if self.model is None:
            self.model = self.build(**{name: pair[0] for name, pair in self.examples.items()}).model
        alias = self._database_for(self.model)
        compiled = self._compiled.get(alias) or self._compile(alias)
        params = list(compiled.params)
        for name, value in values.items():
            for slot in compiled.slots[name]:
                params[slot] = compiled.to_db[name](value)
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return run(cursor, compiled)

    def _compile(self, alias: str) -> _Compiled:
        first = {name: pair[0] for name, pair in self.examples.items()}
        compiler = self._compiler(alias, first)
        sql, params = compiler.as_sql()
        slots: dict[str, tuple[int, ...]] = {}
        to_db: dict[str, Callable[[Any], Any]] = {}
        for name, (_, other) in self.examples.items():
            _, moved = self._compiler(alias, {**first, name: other}).as_sql()
            if len(moved) != len(params):
                raise ValueError(f"{name}'s example values change the shape of the SQL")
            slots[name] = tuple(
                i for i, (a, b) in enumerate(zip(params, moved, strict=True)) if a != b
            )
            if not slots[name]:
                raise ValueError(f"{name}'s example values do not find its place in the SQL")
            to_db[name] = _conversion(first[name], params[slots[name][0]], connections[alias])
        fields = [] if compiler.select is None else compiler.select[: compiler.col_count]
        columns = [column for column, _, _ in fields]
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            to_db=to_db,
            attnames=None if compiler.query.values_select else [c.target.attname for c in columns],
            converters=list(compiler.get_converters(columns).items()),
        )
        self._compiled[alias] = compiled
        return compiled


class PreparedQuery[M: models.Model](_Prepared[M]):
    """build(**values) gives the queryset: whole rows of one model (no select_related,
    no annotations, no deferred fields), read by calling it, or a values_list(), read by
    rows(). Its values are ints, strings, UUIDs or datetimes. examples gives two different
    values of each argument: the parameters that change with it are its places."""

    def __call__(self, **values: Any) -> list[M]:
        alias, compiled, rows = self._execute(values, self._fetch)
        if compiled.attnames is None:
            raise TypeError("a values_list() query: read it with rows()")
        assert self.model is not None
        return [self.model.from_db(alias, compiled.attnames, row) for row in rows]

    def rows(self, **values: Any) -> list[list]:
        _, _, rows = self._execute(values, self._fetch)
        return cast(list[list], rows)

    @staticmethod
    def _fetch(cursor, compiled: _Compiled) -> tuple[str, _Compiled, list[list]]:
        connection = cursor.db
        rows = [_converted(row, compiled, connection) for row in cursor.fetchall()]
        return connection.alias, compiled, rows

    def _compiler(self, alias: str, values: dict[str, Any]) -> SQLCompiler:
        query = self.build(**values).query
        if query.select_related or query.annotation_select or query.deferred_loading[0]:
            raise ValueError("a PreparedQuery reads whole rows of one model, or values")
        return cast(SQLCompiler, query.get_compiler(using=alias))


class PreparedUpdate[M: models.Model](_Prepared[M]):
    """build(**values).update(**changes) with its SQL made once. The changes are the same
    on every call (expressions such as F("n") + 1 welcome). Gives the rows changed."""

    def __init__(
        self,
        build: Callable[..., models.QuerySet[M, Any]],
        changes: dict[str, Any],
        **examples: tuple[Any, Any],
    ) -> None:
        super().__init__(build, **examples)
        self.changes = changes

    def __call__(self, **values: Any) -> int:
        return cast(int, self._execute(values, lambda cursor, compiled: cursor.rowcount))

    def _database_for(self, model: type[M]) -> str:
        return router.db_for_write(model)

    def _compiler(self, alias: str, values: dict[str, Any]) -> SQLCompiler:
        # What QuerySet.update() hands its compiler.
        query = cast(UpdateQuery, self.build(**values).query.chain(UpdateQuery))
        query.add_update_values(self.changes)
        return cast(SQLCompiler, query.get_compiler(using=alias))


def _conversion(value: Any, sent: Any, connection) -> Callable[[Any], Any]:
    """How the ORM turned the example into what it sent: as it is, a UUID as the hex
    string of a database without a UUID type (SQLite), a datetime as that database's
    text."""
    if sent == value:
        return lambda v: v
    if isinstance(value, UUID) and sent == value.hex:
        return lambda v: UUID(str(v)).hex
    if isinstance(value, datetime) and sent == connection.ops.adapt_datetimefield_value(value):
        adapt = connection.ops.adapt_datetimefield_value
        return lambda v: adapt(v)
    raise ValueError(f"cannot tell how {value!r} became {sent!r}")


def _converted(row: tuple, compiled: _Compiled, connection) -> list:
    values = list(row)
    for position, (converters, expression) in compiled.converters:
        for converter in converters:
            values[position] = converter(values[position], expression, connection)
    return values
