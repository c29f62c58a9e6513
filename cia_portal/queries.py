"""Query shapes the planner answers from indexes at a national size."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections
from django.db.models import F, Lookup, Q, QuerySet


class _EqualsAny(Lookup):
    lookup_name = "equals_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def in_subquery(field: str, values: QuerySet) -> Q:
    """`field` is one of `values` (a one-column queryset), in a form PostgreSQL can OR with
    other indexed conditions: `field = ANY(ARRAY(...))`. The subquery runs once, and the
    index on `field` is looked up for its values beside the other conditions' indexes (a
    BitmapOr). `field IN (subquery)` cannot be: ORed with anything, it is tested row by row,
    so the whole table is read. Elsewhere (the demo's SQLite), a plain IN."""
    if connections[values.db].vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    return Q(_EqualsAny(F(field), ArraySubquery(values)))
