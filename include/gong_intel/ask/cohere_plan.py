"""The production planner: Cohere chat returns a JSON plan, checked against the same typed plan as the rules.

The model only picks values from closed vocabularies (kind, measure, group-by, sort, risk types, sentiment) and
writes names and a time expression as text. Names are kept only when they resolve to a value the warehouse
holds (``resolve.find_entities``), the time expression goes through the same parser as the rules, and the
result is an :class:`AskPlan` — which the compiler turns into one allow-listed SELECT like any other. Anything
that does not fit, and any API error, yields the rule-based plan; a question the rules call unanswerable
never reaches the model.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from include.gong_intel.ask.resolve import Catalog, find_entities, parse_window
from include.gong_intel.ask.rules import plan_question
from include.gong_intel.ask.semantic import (
    BENCHMARKS,
    GROUP_BYS,
    KINDS,
    MAX_ROWS,
    MEASURES,
    PLAN_JSON_SCHEMA,
    SENTIMENTS,
    SORTS,
    AskPlan,
    PlanError,
    checked_enum,
)
from include.gong_intel.enrich.records import RISK_TYPES, preview

log = logging.getLogger(__name__)

TYPED_PLANNER_PROMPT = """You turn a sales leader's question about recorded sales calls into a JSON query plan.
kind: list_calls | count | aggregate | ranking | quotes | call_brief | commitments | deals_at_risk | coaching |
unanswerable (changes data, asks for secrets, or for data other than calls).
measure: calls | avg_sentiment | talk_ratio | avg_minutes | monologue | objections | risks | deal_risk_score | amount | deals | null.
group_by: rep | account | opportunity | stage | week | month | quarter | topic | risk_type | competitor | null.
Copy names of reps, accounts, opportunities, stages and competitors as written in the question; names the
question leaves out ("other than", "except", "excluding", "besides") go in exclude_reps / exclude_accounts, never
in reps / accounts. min_amount / max_amount: deal amount bounds the question states, as numbers. Put the time
words of the question, verbatim, in time_expression. Today is {today}. Answer with the JSON object only.
Question: {question}"""


def plan_from_json(
    raw: Any, *, fallback: AskPlan, today: date, catalog: Catalog, fy_start_month: int
) -> AskPlan:
    """A model's plan checked against the typed plan; raise :class:`PlanError` when it does not fit."""
    if not isinstance(raw, Mapping):
        raise PlanError(f"plan must be an object, got {type(raw).__name__}")
    extra = sorted(set(raw) - set(PLAN_JSON_SCHEMA["properties"]))
    if extra:
        raise PlanError(f"unexpected plan fields {extra}")
    kind = checked_enum(raw, "kind", KINDS)
    if kind is None:
        raise PlanError("plan has no kind")
    measure = checked_enum(raw, "measure", MEASURES)
    group_by = checked_enum(raw, "group_by", GROUP_BYS)
    sort = checked_enum(raw, "sort", SORTS)
    sentiment = checked_enum(raw, "sentiment", SENTIMENTS)
    top_n = raw.get("top_n")
    if top_n is not None and (not isinstance(top_n, int) or not 1 <= top_n <= MAX_ROWS):
        raise PlanError(f"top_n must be an integer 1..{MAX_ROWS}")
    risk_types = raw.get("risk_types") or []
    if not isinstance(risk_types, list) or any(rt not in RISK_TYPES for rt in risk_types):
        raise PlanError(f"unknown risk types {preview(str(risk_types), 80)}")
    # Names count only when they resolve to values the warehouse holds; the rules' names stay otherwise.
    resolved = _resolved_names(raw, ("reps", "accounts", "opportunities", "stages", "competitors"), catalog)
    left_out = _resolved_names(raw, ("exclude_reps", "exclude_accounts"), catalog)
    amounts = {key: _amount(raw, key) for key in ("min_amount", "max_amount")}
    f = fallback.filters
    not_rep = tuple(dict.fromkeys(left_out.get("rep", ()))) or f.not_rep
    not_account = tuple(dict.fromkeys(left_out.get("account", ()))) or f.not_account
    time_text = raw.get("time_expression")
    window = (
        parse_window(time_text, today, fy_start_month) if isinstance(time_text, str) and time_text else None
    )
    filters = replace(
        f,
        # A name left out is never also a name asked for.
        rep=tuple(r for r in dict.fromkeys(resolved.get("rep", ())) or f.rep if r not in not_rep),
        account=tuple(
            a for a in dict.fromkeys(resolved.get("account", ())) or f.account if a not in not_account
        ),
        not_rep=not_rep,
        not_account=not_account,
        opportunity=tuple(dict.fromkeys(resolved.get("opportunity", ()))) or f.opportunity,
        stage=tuple(dict.fromkeys(resolved.get("stage", ()))) or f.stage,
        competitor=tuple(dict.fromkeys(resolved.get("competitor", ()))) or f.competitor,
        start=window.start if window else f.start,
        end=window.end if window else f.end,
        time_label=window.label if window else f.time_label,
        sentiment=sentiment or f.sentiment,
        risk_type=tuple(risk_types) or f.risk_type,
        min_amount=amounts["min_amount"] if amounts["min_amount"] is not None else f.min_amount,
        max_amount=amounts["max_amount"] if amounts["max_amount"] is not None else f.max_amount,
    )
    plan = replace(
        fallback,
        kind=kind,
        measure=measure,
        group_by=group_by,
        sort=sort,
        top_n=top_n,
        filters=filters,
        planner="cohere",
    )
    if plan.benchmark and (plan.group_by != "rep" or not plan.filters.rep):
        # The rules read a comparison with the team that the model's plan has no per-rep shape for: said.
        plan = replace(plan, benchmark=None).with_not_understood(
            f"not compared with the {BENCHMARKS[fallback.benchmark or 'team'].lower()}"
        )
    return plan


def _resolved_names(raw: Mapping[str, Any], keys: tuple[str, ...], catalog: Catalog) -> dict[str, list[str]]:
    """The warehouse values (by kind: rep, account, ...) that the names under ``keys`` resolve to."""
    names: list[str] = []
    for key in keys:
        values = raw.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise PlanError(f"{key} must be a list of strings")
        names += values
    resolved: dict[str, list[str]] = {}
    for entity in find_entities(" , ".join(names), catalog)[0] if names else []:
        resolved.setdefault(entity.kind, []).append(entity.value)
    return resolved


def _amount(raw: Mapping[str, Any], key: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1e12:
        raise PlanError(f"{key} must be a non-negative number")
    return float(value)


class CohereTypedPlanner:
    """Plans with Cohere chat (JSON response checked by :func:`plan_from_json`); falls back to the rules.

    :param client: a ``cohere.ClientV2``.
    :param model: chat model name.
    :param timeout_s: request timeout; one attempt, since the rules answer at once when the model cannot.
    """

    def __init__(self, client: Any, model: str, timeout_s: float = 15.0) -> None:
        self.client = client
        self.model = model
        self.timeout_s = timeout_s

    def plan(
        self, question: str, *, today: date, catalog: Catalog, fiscal_year_start_month: int = 1
    ) -> AskPlan:
        fallback = plan_question(
            question, today=today, catalog=catalog, fiscal_year_start_month=fiscal_year_start_month
        )
        if fallback.kind == "unanswerable":
            return fallback
        try:
            response = self.client.chat(
                model=self.model,
                messages=[
                    {
                        "role": "user",
                        "content": TYPED_PLANNER_PROMPT.format(
                            question=fallback.question, today=today.isoformat()
                        ),
                    }
                ],
                response_format={"type": "json_object", "json_schema": PLAN_JSON_SCHEMA},
                temperature=0,
                request_options={"timeout": self.timeout_s, "max_retries": 0},
            )
            text = "".join(
                getattr(part, "text", "") or ""
                for part in (response.message.content or [])
                if part is not None
            )
            return plan_from_json(
                json.loads(text),
                fallback=fallback,
                today=today,
                catalog=catalog,
                fy_start_month=fiscal_year_start_month,
            )
        except (PlanError, ValueError, TypeError, AttributeError) as e:
            log.warning("Cohere plan unusable (%s); using the rule-based plan", preview(str(e), 160))
            return fallback
        except Exception as e:  # transport/SDK errors: answering with the rules beats failing the question
            log.warning("Cohere planner unavailable (%s); using the rule-based plan", type(e).__name__)
            return fallback
