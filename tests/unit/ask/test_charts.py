"""Charts are self-contained SVG drawn from the answer's numbers: no script, no external asset, text escaped."""

import xml.etree.ElementTree as ET
from datetime import date

from include.gong_intel.ask.charts import charts_for
from include.gong_intel.ask.records import Answer, DealRisk, Table


def _answer(**kw):
    return Answer("q", None, "h", empty=False, **kw)


def test_a_trend_is_a_line_over_periods_in_order_and_valid_svg():
    table = Table("avg_sentiment", "week", ((date(2026, 11, 9), 0.2, 2), (date(2026, 11, 2), -0.1, 3)), 2)
    ((title, svg),) = charts_for(_answer(table=table))
    root = ET.fromstring(svg)
    assert title == "Average sentiment by week" and root.tag.endswith("svg")
    points = root.find("{http://www.w3.org/2000/svg}polyline").get("points").split()
    assert len(points) == 2 and float(points[0].split(",")[0]) < float(points[1].split(",")[0])
    assert "+0.20" in svg and "-0.10" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "") and "<script" not in svg


def test_names_are_escaped_and_talk_ratio_shows_the_healthy_band():
    table = Table("talk_ratio", "rep", (("<b>Eve</b> & co", 0.72, 4), ("Sam", 0.45, 2)), 2)
    ((title, svg),) = charts_for(_answer(table=table))
    ET.fromstring(svg)  # well-formed: the name is escaped
    assert "<b>" not in svg and "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in svg
    assert "healthy band" in svg and "72%" in svg and title.startswith("Talk-ratio distribution")


def test_deals_at_risk_get_a_risk_board_with_formatted_amounts():
    deal = DealRisk(
        "O1", "Acme expansion", "Acme", "Dana", "Negotiation", 1250000.0, 62.0, -0.3, -0.2, (), (), ()
    )
    ((title, svg),) = charts_for(_answer(deals=(deal,)))
    ET.fromstring(svg)
    assert title == "Deal risk board" and "$1,250,000" in svg and "62 · Negotiation" in svg
