"""Questions half-written as SQL, read as the words they stand for: "select call_id, account from calls where
sentiment < -0.2 and stage = 'Negotiation' and rep = 'morgan'" asks for Morgan's negative Negotiation calls.

Nothing typed here is ever run: sqlglot only parses it so that its table, columns, conditions, grouping and
limit can be said in words, and the words are planned like any question (the plan then compiles to the fixed,
allow-listed templates). A statement that writes, names a schema's table ("STG_TRANSFORMED.STG_GONG_USERS"),
chains statements or asks for the SQL to be run as written is not read here; the planner refuses it.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

# What the question starts with when it is SQL: "select ...", "count(*) from ...", "rep, avg(talk_ratio) where".
_OPENS_AS_SQL = re.compile(r"^\s*(?:select\b|count\s*\(|\w+\s*,\s*(?:avg|count|sum|min|max)\s*\()", re.I)
# Asked to run the SQL as written, or reading beyond what the answers hold: left to the planner's refusal.
_RUN_AS_WRITTEN = re.compile(
    r"\b(run|execute|exec)\b|\braw output\b|\bemails?\b|\bpasswords?\b|\binformation_schema\b|;|--|/\*", re.I
)
_NOUNS = {
    "calls": "calls",
    "call": "calls",
    "meetings": "calls",
    "deals": "deals",
    "deal": "deals",
    "opportunities": "deals",
    "opps": "deals",
    "risks": "risks",
    "risk_indicators": "risks",
    "flags": "risks",
    "objections": "objections",
}
_REP = {"rep", "rep_name", "owner", "seller", "ae", "user"}
_ACCOUNT = {"account", "account_name", "company", "customer"}
_STAGE = {"stage", "opportunity_stage", "deal_stage"}
_DATE = {"call_date", "date", "call_datetime", "call_datetime_utc", "call_day", "day", "started"}
_AMOUNT = {"amount", "opportunity_amount", "deal_amount", "value"}
_QUOTE = {"quote", "quotes", "text", "transcript_text", "evidence", "what_was_said"}
_WORD_FOR = {
    "talk_ratio": "talk ratio",
    "rep_talk_ratio": "talk ratio",
    "sentiment": "sentiment",
    "sentiment_score": "sentiment",
    "risk_score": "risk score",
    "amount": "amount",
    "duration": "call length",
    "risk_type": "risk type",
    "rep": "rep",
    "rep_name": "rep",
    "account": "account",
    "account_name": "account",
    "stage": "stage",
    "month": "month",
    "week": "week",
    "quarter": "quarter",
    "competitor": "competitor",
    "topic": "topic",
}
_FUNCTIONS = {exp.Avg: "average", exp.Sum: "total", exp.Max: "highest", exp.Min: "lowest"}
_SINCE: dict[type[exp.Expression], str] = {
    exp.GT: "after",
    exp.GTE: "since",
    exp.LT: "before",
    exp.LTE: "through",
}


def _name(node: exp.Expression) -> str:
    return (
        node.name.lower()
        if isinstance(node, exp.Column | exp.Identifier)
        else node.sql().strip("'\"").lower()
    )


def _value(node: exp.Expression) -> str:
    return node.name if isinstance(node, exp.Literal | exp.Column) else node.sql()


def _condition(node: exp.Expression) -> str:
    """One condition of the WHERE clause in words ("rep = 'morgan'" -> "rep morgan")."""
    if isinstance(node, exp.Paren):
        return _condition(node.this)
    if isinstance(node, exp.Column):
        return {"is_open": "open", "open": "open", "is_closed": "closed"}.get(_name(node), _name(node))
    if isinstance(node, exp.Not) and isinstance(node.this, exp.Column):
        return "closed" if _name(node.this) in ("is_open", "open") else f"not {_name(node.this)}"
    if isinstance(node, exp.In):
        column = _name(node.this)
        values = " or ".join(_value(v) for v in node.expressions)
        return _said(column, values)
    if isinstance(node, exp.EQ):
        return _said(_name(node.this), _value(node.expression))
    if isinstance(node, exp.GT | exp.GTE | exp.LT | exp.LTE):
        column, value = _name(node.this), _value(node.expression)
        if column in _DATE:
            return f"{_SINCE[type(node)]} {value}"
        if column in ("sentiment", "sentiment_score"):
            return node.sql()  # ("sentiment < -0.2": the planner reads the band from the code)
        word = _WORD_FOR.get(column, column.replace("_", " "))
        if isinstance(node, exp.GTE | exp.LTE):
            return f"{word} of {value} or {'more' if isinstance(node, exp.GTE) else 'less'}"
        return f"{word} {'over' if isinstance(node, exp.GT) else 'under'} {value}"
    if isinstance(node, exp.Between) and _name(node.this) in _DATE:
        return f"from {_value(node.args['low'])} to {_value(node.args['high'])}"
    if isinstance(node, exp.Like):
        return f"{_name(node.this)} containing {_value(node.expression).strip('%')}"
    return node.sql()


def _said(column: str, value: str) -> str:
    if column in _REP:
        return f"rep {value}"
    if column in _ACCOUNT:
        return f"account {value}"
    if column in _STAGE:
        return f"{value} stage"
    if column in ("sentiment", "sentiment_band", "mood"):
        return f"{value} sentiment"
    if column in ("risk_type", "type", "risk"):
        return f"{value} risks"
    if column in ("quarter", "month", "week", "period"):
        return f"in {value}"
    if column in ("competitor", "topic", "language"):
        return f"{column} {value}"
    return f"{column.replace('_', ' ')} {value}"


def _conditions(where: exp.Expression | None) -> list[str]:
    if where is None:
        return []
    parts: list[exp.Expression] = []
    stack = [where.this]
    while stack:
        node = stack.pop()
        if isinstance(node, exp.And):
            stack += [node.expression, node.this]
        else:
            parts.append(node)
    return [_condition(p) for p in parts]


def _written_as_sql(tree: exp.Select, table: exp.Table | None) -> bool:
    """Is ``tree`` SQL as an analyst writes it, not an English request that happens to parse? Its table is one of
    the answers' nouns, no column is named by a bare word after another, and it has a clause or a function only
    SQL has (WHERE, GROUP BY, ORDER BY, LIMIT, an aggregate, ``*``, a list of columns)."""
    if table is not None and table.name.lower() not in _NOUNS:
        return False
    if any(isinstance(p, exp.Alias) for p in tree.expressions):
        return False
    return bool(
        any(tree.args.get(clause) for clause in ("where", "group", "order", "limit"))
        or tree.find(exp.AggFunc, exp.Star)
        or len(tree.expressions) > 1
    )


def read_as_words(question: str) -> str | None:
    """``question`` in words when it is half-written as SQL over the answers' own nouns (calls, deals, risks);
    None when it is not such a question, or is one the planner must refuse (see the module docstring)."""
    text = question.strip().rstrip("?").strip()
    if not _OPENS_AS_SQL.match(text) or _RUN_AS_WRITTEN.search(text):
        return None
    sql = text if re.match(r"\s*select\b", text, re.I) else f"select {text}"
    sql = re.sub(r"(?<!['\d-])(\d{4}-\d{2}-\d{2})(?!['\d])", r"'\1'", sql)  # (a day typed unquoted)
    try:
        tree = sqlglot.parse_one(sql, read="snowflake")
    except sqlglot.errors.ParseError:
        return None
    if not isinstance(tree, exp.Select) or any(t.db or t.catalog for t in tree.find_all(exp.Table)):
        return None  # a write, a union, a schema's table: not read as a question
    table = tree.find(exp.Table)
    if not _written_as_sql(tree, table):
        return None  # "select calls from orchard", "select negative calls": English that parses
    noun = _NOUNS.get(table.name.lower(), "calls") if table else "calls"
    group = [
        _WORD_FOR.get(_name(g), _name(g).replace("_", " "))
        for g in tree.args.get("group", exp.Group()).expressions
    ]
    measures = []
    counted = False
    quotes = False
    for projection in tree.expressions:
        node = projection.this if isinstance(projection, exp.Alias) else projection
        if isinstance(node, exp.Count):
            counted = True
            inner = node.this
            if isinstance(inner, exp.Column) and _name(inner) in _NOUNS:
                noun = _NOUNS[_name(inner)]  # "count(risk_indicators)"
        elif type(node) in _FUNCTIONS:
            word = _WORD_FOR.get(_name(node.this), _name(node.this).replace("_", " "))
            measures.append(f"{_FUNCTIONS[type(node)]} {word}")
        elif isinstance(node, exp.Column) and _name(node) in _QUOTE:
            quotes = True
    limit = tree.args.get("limit")
    n = _value(limit.expression) if limit is not None else None
    order = tree.args.get("order")
    ascending = bool(order and order.expressions and not order.expressions[0].args.get("desc"))
    conditions = _conditions(tree.args.get("where"))
    if measures:
        head = " and ".join(measures) + (f" of {noun}" if noun != "calls" else "")
    elif counted:
        head = f"number of {noun}" if group else f"how many {noun}"
    elif quotes:
        head = f"quotes of the {noun}" if noun != "calls" else "quotes from calls"
    else:
        head = f"list {noun}"
    if n and group:
        words = f"{'bottom' if ascending else 'top'} {n} {group[0]}s by {head}"
    else:
        words = f"{head}{' per ' + ' and '.join(group) if group else ''}"
        if n:
            words = f"{'bottom' if ascending else 'top'} {n}: {words}"
    return f"{words} with {' and '.join(conditions)}" if conditions else words
