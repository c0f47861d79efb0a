"""Plan accuracy and answer accuracy of "Ask the calls" on a labelled question set.

    PYTHONPATH=. .venv/bin/python -m bench.ask --data-dir .local [--split test] [--verbose] [--json]

The question set (``bench/ask_questions/questions.jsonl``, format in ``bench/ask_questions/SCHEMA.md``) was
written against the demo warehouse ``python -m local_stack.demo --data-dir DIR`` builds (200 calls, seed 7;
``make demo`` builds it in ``.local``). Each question carries its expected plan (a label vocabulary, mapped
onto the engine's plan here) and an ``expected_sql`` whose result is the correct answer, computed by the
warehouse, never by the engine.

For each question:

* plan: the rule-based planner's plan against the labels (kind, measure, group_by, every filter, sort,
  top_n). A plan is right when every labelled field matches; the field-level rate is printed too.
* answer: the engine's answer against ``expected_sql``'s rows, by ``answer_check`` — ``set`` (the answer's
  ids/names equal the set of first-column values), ``value`` (one number within 2%), ``rows`` (group ->
  value pairs within 2%; for a top-N question, the rows tied with the Nth count as well, since a rebuilt
  warehouse may tie at the cut where the writer's did not), ``nonempty_relevant`` (a non-empty answer whose every cited call is among the
  first-column values). An answer is also wrong when it does not name every ``unresolvable`` part: as
  written, or more than half of the part's words of four letters or more (by their first five letters), since
  writers phrased some parts in their own words ("update sentiment scores" is named by "update sentiment ...
  requested"; "database password" is not named by a refusal of "drop table", nor "win rate forecast" by a
  win rate). Words in parentheses after a part explain it and need not be named: "brett (no user, rep or
  speaker of that name)" is named by naming brett. An exclusion the labels cannot hold ("other than the driftwood ones") is named as well when the
  answer's plan applies it (:func:`applies_exclusion`), as the question set's README says.

The demo tenant's calls end the day it was built: ``today`` in the questions is that day. The bench checks
that the warehouse's newest call is the day before ``today`` of the question set and stops otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "bench" / "ask_questions" / "questions.jsonl"
PARAPHRASES = ROOT / "bench" / "ask_questions" / "paraphrases.jsonl"
TOLERANCE = 0.02
PLAN_FIELDS = ("kind", "measure", "group_by", "filters", "sort", "top_n")
LIST_FILTERS = ("rep", "account", "opportunity", "stage", "risk_type", "topic", "competitor")


_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[ t]00:00:00(?:\.0+)?")
_QUARTER_LABEL = re.compile(r"q([1-4]) (\d{4})")  # (the benchmark's fiscal year starts in January)


def _norm(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        # The emulator gives TO_CHAR of a truncated date as its midnight timestamp ("2026-11-02 00:00:00")
        # whatever the format: the same period as the answer's "2026-11-02".
        text = value.strip().lower()
        if quarter := _QUARTER_LABEL.fullmatch(text):
            # The answer names a calendar quarter "Q3 2026"; SQL gives its first day (DATE_TRUNC): one period.
            return date(int(quarter[2]), 3 * int(quarter[1]) - 2, 1).isoformat()
        return midnight[1] if (midnight := _MIDNIGHT.fullmatch(text)) else text
    return value


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(_norm(v)) for v in value}
    return {str(_norm(value))}


def label_plan(plan: Any) -> dict[str, Any]:
    """The engine's :class:`AskPlan` in the label vocabulary of the question set."""
    f = plan.filters
    filters: dict[str, Any] = {}
    for name in LIST_FILTERS:
        values = getattr(f, name)
        if values:
            filters[name] = list(values)
    if f.start:
        filters["from"] = f.start.isoformat()
    if f.end:
        filters["to"] = f.end.isoformat()
    if f.sentiment:
        filters["sentiment"] = f.sentiment
    if f.min_amount is not None:
        filters["min_amount"] = f.min_amount
    if f.max_amount is not None:
        filters["max_amount"] = f.max_amount
    kind = plan.kind
    if kind == "coaching":
        kind = "ranking"
    return {
        "kind": kind,
        # The engine's own measures in the label vocabulary: deals are counted with measure null; an average
        # deal amount is the "amount" measure the labels know.
        "measure": None
        if plan.measure == "deals"
        else "amount"
        if plan.measure == "avg_amount"
        else plan.measure,
        "group_by": plan.group_by,
        "filters": filters,
        "sort": plan.sort,
        "top_n": plan.top_n,
    }


def _same_number(a: Any, b: Any) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= max(TOLERANCE * max(abs(a), abs(b)), 0.005)


def compare_plan(got: dict[str, Any], want: dict[str, Any]) -> dict[str, bool]:
    """Per labelled field: does the plan match? Filters match when every key's values match."""
    out: dict[str, bool] = {}
    for name in PLAN_FIELDS:
        if name not in want:
            continue
        if name == "filters":
            wf = want.get("filters") or {}
            gf = got.get("filters") or {}
            keys = set(wf) | set(gf)
            ok = True
            for k in keys:
                if k in ("min_amount", "max_amount"):
                    ok &= (wf.get(k) is None and gf.get(k) is None) or _same_number(wf.get(k), gf.get(k))
                else:
                    ok &= _as_set(wf.get(k)) == _as_set(gf.get(k))
            out[name] = ok
        elif name == "top_n":
            out[name] = (want.get(name) or None) == (got.get(name) or None)
        elif name == "sort" and want.get("kind") == "deals_at_risk" and not want.get("top_n"):
            # A list of at-risk deals is ordered by risk either way; the two writers labelled it desc and null.
            out[name] = got.get(name) in (None, "desc") and want.get(name) in (None, "desc")
        else:
            out[name] = want.get(name) == got.get(name)
    return out


def answer_ids(answer: Any) -> set[str]:
    """Everything an answer names that a first column may hold: call, segment and opportunity ids, names."""
    ids: set[str] = set()
    for c in answer.calls:
        ids.add(c.call_id)
    for d in answer.deals:
        ids |= {d.opportunity_id, d.opportunity or "", d.account or ""}
    for cite in answer.citations:
        ids.add(cite.call_id)
    for group in answer.themes:
        ids |= {p.transcript_id for p in group.passages}
    for r in answer.coaching:
        ids |= {r.rep_id, r.rep}
    if answer.table is not None:
        ids |= {str(_norm(g)) for g, _, _ in answer.table.rows if g is not None}
    return {str(_norm(i)) for i in ids if i}


def answer_text(answer: Any) -> str:
    parts = [answer.headline, answer.restated, *answer.not_understood, *answer.notes]
    return " ".join(p for p in parts if p).lower()


def names_part(part: str, text: str) -> bool:
    """Does the answer ``text`` (lower case) name the unresolvable ``part``? (See the module docstring.)"""
    part = part.lower()
    said, _, why = part.partition(" (")
    if why and said.strip() and names_part(said, text):
        return True  # "brett (no user, rep or speaker of that name)": named by naming brett
    if part in text:
        return True
    words = [w for w in re.findall(r"[a-z0-9]+", part) if len(w) >= 4]
    named = sum(1 for w in words if re.search(rf"\b{re.escape(w[:5])}", text))
    return bool(words) and 2 * named > len(words)


_EXCLUSION = re.compile(
    r"\b(other than|except|excluding|exclusion|not counting|leave out|leaving out|drop)\b", re.I
)


def applies_exclusion(part: str, plan: Any) -> bool:
    """An exclusion the label schema cannot hold ("other than the driftwood ones") that the answer applied: its
    plan leaves out an account or rep the part names. The question set's convention: an answer is right when it
    applies the exclusion, and must otherwise say it did not."""
    if not _EXCLUSION.search(part):
        return False
    left_out = [*getattr(plan.filters, "not_account", ()), *getattr(plan.filters, "not_rep", ())]
    words = set(re.findall(r"[a-z0-9]+", part.lower()))
    kinds = getattr(plan.filters, "not_deal_type", ())  # a kind of deal left out ("not counting renewals")
    return any(str(name).lower().split()[0] in words for name in left_out) or any(
        kind in words or f"{kind}s" in words for kind in kinds
    )


_TRAILING_LIMIT = re.compile(r"\s+LIMIT\s+(\d+)\s*;?\s*$", re.IGNORECASE)


def untied(sql: str, top_n: int | None) -> str | None:
    """``sql`` without its trailing ``LIMIT top_n``, for a top-N question; else None. The writers avoided ties at
    the cut on the warehouse they wrote against; a rebuilt warehouse may have one, and the LIMIT then keeps an
    arbitrary one of the tied rows."""
    m = _TRAILING_LIMIT.search(sql)
    return sql[: m.start()] if m and top_n and int(m.group(1)) == top_n else None


def top_with_ties(rows: list[tuple], top_n: int) -> tuple[set[str], set[str]]:
    """The groups of ordered (group, value) ``rows`` above the Nth row's value, and those tied with it."""
    if len(rows) <= top_n:
        return {str(_norm(r[0])) for r in rows}, set()
    cut = _norm(rows[top_n - 1][1])
    sure = {str(_norm(r[0])) for r in rows[:top_n] if _norm(r[1]) != cut}
    tied = {str(_norm(r[0])) for r in rows if _norm(r[1]) == cut}
    return sure, tied


def check_answer(
    q: dict[str, Any], answer: Any, rows: list[tuple], ties_at: int | None = None
) -> tuple[bool, str]:
    """Is ``answer`` right for question ``q`` whose ``expected_sql`` returned ``rows``? (ok, why not).

    ``ties_at``: ``rows`` are a top-N question's rows without its LIMIT (:func:`untied`); a ``rows`` answer is
    then right when it holds every group above the Nth value, only groups tied with it besides, at least N groups
    (or all there are), each with its value."""
    text = answer_text(answer)
    missing = [
        u
        for u in q.get("unresolvable") or []
        if not names_part(str(u), text) and not applies_exclusion(str(u), answer.plan)
    ]
    if missing:
        return False, f"does not name {missing}"
    check = q.get("answer_check")
    kind = q.get("kind")
    if kind == "unanswerable":
        ok = answer.empty or answer.plan.kind == "unanswerable" or bool(answer.not_understood)
        return ok, "" if ok else "answered an unanswerable question"
    first = [r[0] for r in rows]
    if check == "set":
        want = {str(_norm(v)) for v in first}
        got = answer_ids(answer)
        if answer.total is not None and answer.total != len(want):
            return False, f"total {answer.total} != {len(want)}"
        shown = got & want
        if not want:
            return (answer.empty, "" if answer.empty else "expected no rows")
        ok = shown == want or (answer.total == len(want) and len(shown) >= min(len(want), answer.shown or 0))
        return ok, "" if ok else f"set differs: missing {sorted(want - got)[:5]}"
    if check == "value":
        want_v = first[0] if first else 0
        if answer.table is not None and answer.table.group_by is None:
            got_v = answer.table.rows[0][1] if answer.table.rows else 0
        elif answer.total is not None:
            got_v = answer.total
        else:
            return False, "no single value in the answer"
        ok = _same_number(got_v, want_v if want_v is not None else 0)
        return ok, "" if ok else f"value {got_v} != {want_v}"
    if check == "rows":
        want_rows = {str(_norm(r[0])): r[1] for r in rows}
        if answer.table is None:
            return False, "no table in the answer"
        got_rows = {str(_norm(g)): v for g, v, _ in answer.table.rows}
        compared = set(got_rows)
        if ties_at is not None and len(rows) > ties_at:
            sure, tied = top_with_ties(rows, ties_at)
            if not (sure <= compared <= sure | tied and len(compared) >= ties_at):
                return False, f"top {ties_at} differs: {sorted(compared ^ (sure | tied))[:6]}"
        elif set(want_rows) != compared:
            return False, f"groups differ: {sorted(set(want_rows) ^ compared)[:6]}"
        bad = [k for k in compared if not _same_number(want_rows[k], got_rows[k])]
        return not bad, "" if not bad else f"values differ for {bad[:4]}"
    if check == "nonempty_relevant":
        want = {str(_norm(v)) for v in first}
        if not want:
            return answer.empty, "" if answer.empty else "expected an answer saying nothing matches"
        cited = {str(_norm(c.call_id)) for c in answer.citations}
        cited |= {str(_norm(p.transcript_id)) for g in answer.themes for p in g.passages}
        if answer.empty or not cited:
            return False, "empty answer"
        calls = {str(_norm(c.call_id)) for c in answer.citations}
        segments = {str(_norm(p.transcript_id)) for g in answer.themes for p in g.passages}
        ok = bool(calls) and (calls <= want or bool(segments and segments <= want))
        return ok, "" if ok else f"cites calls outside the expected set: {sorted(calls - want)[:4]}"
    return False, f"unknown answer_check {check!r}"


def load_questions(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def expand_paraphrases(
    paraphrases: list[dict[str, Any]], questions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each paraphrase asks what its ``source`` question asks, so it takes that question's labels and SQL.

    Paraphrases are written of ``dev`` questions only and form their own split, ``paraphrase``: they measure
    how far the planner's rules reach beyond the wording they were written from, and are never held-out data.
    """
    by_id = {q["id"]: q for q in questions}
    expanded = []
    for p in paraphrases:
        source = by_id.get(p["source"])
        if source is None or source["split"] != "dev":
            raise SystemExit(
                f"paraphrase {p['id']}: its source {p['source']!r} is not a dev question of the set"
            )
        expanded.append(
            {
                **source,
                "id": p["id"],
                "split": "paraphrase",
                "question": p["question"],
                "source": p["source"],
                "traits": [*source.get("traits", []), f"style:{p['style']}"],
            }
        )
    return expanded


def run(data_dir: Path, questions: list[dict[str, Any]], verbose: bool = False) -> dict[str, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from local_stack.warehouse import LocalWarehouse

    config_path = data_dir / "gong_intel_config.json"
    config = json.loads(config_path.read_text()) if config_path.exists() else {"env": "local"}
    with LocalWarehouse(data_dir / "warehouse") as warehouse:
        os.environ["AIRFLOW_CONN_SNOWFLAKE_DEFAULT"] = json.dumps(warehouse.airflow_connection())
        from include.gong_intel.ask.engine import AskEngine
        from include.gong_intel.ask.semantic import MAX_ROWS
        from include.gong_intel.config import settings_from_mapping
        from include.gong_intel.warehouse.hook import WarehouseHook

        settings = settings_from_mapping(config)
        hook = WarehouseHook(snowflake_conn_id="snowflake_default")
        _check_anchor(hook, settings, questions)
        results = []
        for q in questions:
            # (a question a rep wrote in the first person names them as its asker)
            engine = AskEngine(hook, settings, today=date.fromisoformat(q["today"]), asker=q.get("asker"))
            plan = engine.typed_plan(q["question"])
            fields = compare_plan(label_plan(plan), q)
            try:
                # The full answer (no display cut), so "set" checks see every row the engine found.
                answer = engine.ask(q["question"])
                if answer.total is not None and answer.shown is not None and answer.total > answer.shown:
                    answer = engine.answer_plan(replace(plan, limit=MAX_ROWS))
                sql = q.get("expected_sql") or ""
                full = untied(sql, q.get("top_n")) if q.get("answer_check") == "rows" else None
                rows = _expected(hook, settings, full or sql) if sql else []
                ok, why = check_answer(q, answer, rows, ties_at=q["top_n"] if full else None)
                answer_says_left_out = bool(answer.not_understood) or answer.plan.kind == "unanswerable"
            except Exception as e:  # a crash is a wrong answer, reported with its type
                ok, why = False, f"{type(e).__name__}: {str(e)[:160]}"
                answer_says_left_out = False
            results.append(
                {
                    "id": q["id"],
                    "split": q["split"],
                    "question": q["question"],
                    "plan_ok": all(fields.values()),
                    "plan_fields": fields,
                    "answer_ok": bool(ok),
                    # A wrong answer that at least says what it left out (an unmatched name, unused words).
                    "says_what_it_left_out": bool(ok) or bool(answer_says_left_out),
                    "why": why,
                    "got_plan": label_plan(plan),
                    "traits": q.get("traits") or [],
                    "source": q.get("source"),
                }
            )
            if verbose and not (ok and all(fields.values())):
                print(
                    f"[{q['split']}] {q['id']} {q['question']!r}\n   plan {'ok' if all(fields.values()) else 'WRONG'}"
                    f" {[k for k, v in fields.items() if not v]} got={label_plan(plan)}\n"
                    f"   want={ {k: q.get(k) for k in PLAN_FIELDS} }\n   answer {'ok' if ok else 'WRONG'}: {why}",
                    file=sys.stderr,
                )
    return summarize(results)


def _check_anchor(hook: Any, settings: Any, questions: list[dict[str, Any]]) -> None:
    todays = {q["today"] for q in questions}
    conn = hook.get_conn()
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT MAX(CALL_DATETIME_UTC) FROM {settings.tables.stg_calls}")
            newest = cur.fetchone()[0]
    finally:
        conn.close()
    latest_today = max(date.fromisoformat(t) for t in todays)
    if newest is None or newest.date() >= latest_today or newest.date() < latest_today - timedelta(days=7):
        raise SystemExit(
            f"The warehouse's newest call is {newest}, but the questions are asked on {sorted(todays)}: build the "
            "demo warehouse as on that day (python -m local_stack.demo --data-dir DIR --today DAY; calls end the day before) "
            "or keep the one built then."
        )


def _expected(hook: Any, settings: Any, sql: str) -> list[tuple]:
    conn = hook.get_conn()
    try:
        with conn.cursor() as cur:
            cur.execute(f"USE SCHEMA {settings.database}.STG_TRANSFORMED")
            cur.execute(sql)
            return [tuple(r) for r in cur.fetchall()]
    finally:
        conn.close()


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    by_split: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        by_split[r["split"]].append(r)
    summary: dict[str, Any] = {"results": results, "splits": {}}
    for split, rs in sorted(by_split.items()):
        n = len(rs)
        field_total = sum(len(r["plan_fields"]) for r in rs)
        field_ok = sum(sum(r["plan_fields"].values()) for r in rs)
        summary["splits"][split] = {
            "questions": n,
            "plan_accuracy": sum(r["plan_ok"] for r in rs) / n,
            "plan_field_accuracy": field_ok / field_total if field_total else 0.0,
            "answer_accuracy": sum(r["answer_ok"] for r in rs) / n,
            "wrong_but_says_what_it_left_out": sum(
                r["says_what_it_left_out"] and not r["answer_ok"] for r in rs
            ),
            "wrong": sum(not r["answer_ok"] for r in rs),
        }
    sources = {r["id"]: r for r in results if r["split"] == "dev"}
    kept = [
        r
        for r in by_split.get("paraphrase", [])
        if r["source"] in sources and sources[r["source"]]["answer_ok"]
    ]
    if kept:
        # Of the paraphrases whose source question is answered right, how many are answered right too.
        summary["paraphrase_robustness"] = {
            "paraphrases_of_right_answers": len(kept),
            "answered_right": sum(r["answer_ok"] for r in kept),
        }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", default=str(ROOT / ".local"), help="a demo data dir (make demo builds .local)"
    )
    parser.add_argument("--questions", default=str(QUESTIONS))
    parser.add_argument(
        "--split",
        choices=("dev", "test", "paraphrase", "all"),
        default="all",
        help="paraphrase: the dev questions' paraphrases, with the dev questions they restate",
    )
    parser.add_argument("--paraphrases", default=str(PARAPHRASES))
    parser.add_argument(
        "--verbose", action="store_true", help="print every question not fully right (stderr)"
    )
    parser.add_argument("--json", action="store_true", help="print the per-question results as JSON")
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir).resolve()
    if not (data_dir / "warehouse").is_dir():
        print(
            f"No warehouse at {data_dir / 'warehouse'}: run `make demo` (or python -m local_stack.demo)",
            file=sys.stderr,
        )
        return 2
    questions = load_questions(Path(args.questions))
    paraphrase_path = Path(args.paraphrases)
    if args.split in ("paraphrase", "all") and paraphrase_path.exists():
        questions += expand_paraphrases(load_questions(paraphrase_path), questions)
    if args.split == "paraphrase":
        questions = [q for q in questions if q["split"] in ("dev", "paraphrase")]
    elif args.split != "all":
        questions = [q for q in questions if q["split"] == args.split]
    # Airflow and the warehouse client log to stdout while they work; only the results belong there.
    with contextlib.redirect_stdout(sys.stderr):
        summary = run(data_dir, questions, verbose=args.verbose)
    if args.json:
        print(json.dumps(summary, indent=2, default=str))
        return 0
    print(
        f"{'split':<6} {'questions':>9} {'plan':>7} {'plan fields':>12} {'answer':>7} {'wrong (of them honest)':>23}"
    )
    for split, s in summary["splits"].items():
        print(
            f"{split:<6} {s['questions']:>9} {s['plan_accuracy']:>7.0%} {s['plan_field_accuracy']:>12.0%} "
            f"{s['answer_accuracy']:>7.0%} {s['wrong']:>12} ({s['wrong_but_says_what_it_left_out']})"
        )
    if robust := summary.get("paraphrase_robustness"):
        print(
            f"paraphrases of rightly answered dev questions answered right: {robust['answered_right']} of "
            f"{robust['paraphrases_of_right_answers']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
