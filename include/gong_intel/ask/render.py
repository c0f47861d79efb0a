"""Plain-text rendering of an :class:`Answer` (CLI output)."""

from __future__ import annotations

from include.gong_intel.ask.records import Answer, Citation


def _who(c: Citation) -> str:
    """Speaker and company, as in 'Marco Rossi (Deltaridge Software)'; a rep's own words carry none."""
    return f"{c.speaker or ''} ({c.company})" if c.company else c.speaker or ""


def _when(c: Citation) -> str:
    day = f"{c.call_datetime_utc:%Y-%m-%d}" if c.call_datetime_utc else "?"
    return f"{day} {c.title or c.call_id}" + (f" @ {c.timestamp}" if c.timestamp else "")


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*header), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows]


def render_text(answer: Answer) -> str:
    from include.gong_intel.ask.answers import format_group, format_value

    lines = []
    if answer.restated:
        lines.append(f"[{answer.restated}]")
    lines.append(answer.headline)
    if answer.not_understood:
        lines.append("Not understood: " + "; ".join(answer.not_understood))
    lines += [f"Note: {note}" for note in answer.notes]
    if answer.table is not None and answer.table.group_by:
        t = answer.table
        both = t.measure != t.counted  # (a number of calls is not shown twice)
        lines += _table(
            [
                [format_group(g), format_value(t.measure, v), *([str(n)] if both else [])]
                for g, v, n in t.rows
            ],
            [
                (t.group_by or "").replace("_", " "),
                t.measure.replace("_", " "),
                *([t.counted] if both else []),
            ],
        )
    if answer.brief is not None:
        b = answer.brief
        lines += [
            f"Brief: {b.brief or ''}",
            f"Summary: {b.call.summary or ''}",
            f"Opportunity: {b.opportunity or 'n/a'}",
        ]
        lines += [f"- {k}" for k in b.key_points]
        if b.topics:
            lines.append("Topics: " + ", ".join(b.topics))
        lines += [f"Next step @ {a.timestamp}: {a.quote}" for a in b.action_items]
        lines += [f"Risk @ {r.timestamp}: {r.quote}" for r in b.risks]
        lines.append(b.call.url)
    for q in answer.quotes:
        lines += [f'- "{q.quote}"', f"    {_who(q)} - {_when(q)}", f"    {q.url}"]
    if answer.synthesis:  # [n] in it is the n-th passage below
        lines.append(f"Synthesis: {answer.synthesis}")
    number = 0
    for c in answer.calls:
        score = "n/a" if c.sentiment is None else f"{c.sentiment:+.2f}"
        day = f"{c.call_datetime_utc:%Y-%m-%d %H:%M}" if c.call_datetime_utc else "?"
        lines += [
            f"- {day}  {c.title}  | {c.account} | rep {c.rep} | sentiment {score}",
            f"    {c.summary or ''}",
            f"    {c.url}",
        ]
    for group in answer.themes:
        lines.append(f"## {group.name} ({len(group.passages)})")
        for p in group.passages:
            cite = p.citation
            number += 1
            lines += [
                f'- [{number}] "{cite.quote}"' if answer.synthesis else f'- "{cite.quote}"',
                f"    {_who(cite)} - {_when(cite)}",
                f"    {cite.url}",
            ]
    for rep in answer.coaching:
        lines.append(
            f"## {rep.rep}: {len(rep.findings)} findings over {rep.calls} calls (impact {rep.impact:g})"
        )
        for f in rep.findings:
            lines.append(f"- {f.message} [impact {f.impact:g}]")
            lines += [f"    {_when(e)}: {e.quote or ''}  {e.url}" for e in f.evidence]
    for d in answer.deals:
        amount = "n/a" if d.amount is None else f"{d.amount:,.0f}"
        closes = f", closes {d.close_date}" if d.close_date else ""
        owner = f", owner {d.rep}" if d.rep else ""
        lines.append(
            f"## {d.opportunity} ({d.account}) - risk {d.risk_score:g}/100, stage {d.stage}, amount {amount}"
            f"{closes}{owner}"
        )
        lines += [f"- {r}" for r in d.reasons]
        lines += [f"    {_when(e)}: {e.quote}  {e.url}" for e in d.evidence]
    return "\n".join(lines)
