"""What PostgreSQL plans to read for a query: a query's shape checked, not its speed (that is
`make bench`'s)."""

import json

from django.db import connection


def scans_reading_every_row(queryset, table: str) -> list[str]:
    """The scans of `table` in the plan of `queryset` that read it whole: a sequential scan,
    or an index scan with no condition. Sequential scans are priced out first, so a scan
    left is one the query's shape gives the planner no index for."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    whole, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes += node.get("Plans", [])
        if node.get("Relation Name") != table:
            continue
        if node["Node Type"] == "Seq Scan" or (
            "Index" in node["Node Type"] and "Index Cond" not in node
        ):
            whole.append(node["Node Type"])
    return whole
