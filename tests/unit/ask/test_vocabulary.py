import re

import pytest

from include.gong_intel.ask.vocabulary import PRICING_THEMES, TOPIC_BY_NAME, asked_themes, theme_of

PRICING = TOPIC_BY_NAME["pricing"]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Salesloft offered us a much lower quote for the same seats.", "Price vs competitors"),
        ("Honestly the other vendor came in cheaper.", "Price vs competitors"),
        ("What happens to the price at renewal, is there an uplift?", "Renewal pricing"),
        ("Will the rate go up in year two?", "Renewal pricing"),
        ("Is there any wiggle room on the number if we commit this month?", "Discount requests"),
        ("We'd need a discount to make this happen, even with a three-year term.", "Discount requests"),
        ("That is a lot more than we expected, frankly it feels overpriced.", "Too expensive"),
        ("I'm not sure it's worth it at that price.", "Too expensive"),
        ("Our budget is locked until the next fiscal year.", "Budget and approvals"),
        ("Anything above that amount needs sign-off from the CFO.", "Budget and approvals"),
        ("Could we pay monthly instead, and what are the payment terms?", "Contract and payment terms"),
        ("Legal will want the order form and the contract redlines.", "Contract and payment terms"),
        ("Is the reporting module included or is that a separate charge?", "Packaging and seats"),
        ("How is it priced per user once managers get access?", "Packaging and seats"),
        ("What does the pricing look like?", "Other pricing discussion"),
    ],
)
def test_pricing_passages_are_grouped_by_concept(text, theme):
    assert theme_of(text, PRICING) == theme


def test_theme_patterns_stay_posix_so_snowflake_and_python_agree():
    # Snowflake's REGEXP_LIKE is POSIX ERE: no \b, \s, \w, look-around or lazy quantifiers.
    for pattern in [t.pattern for t in PRICING_THEMES] + [PRICING.pattern]:
        assert not re.search(r"\\[bBswdSWD]|\(\?|\*\?|\+\?", pattern), pattern
        re.compile(pattern)


@pytest.mark.parametrize(
    "text",
    [
        "We were quoted 48k for the pilot.",
        "Can we pay quarterly?",
        "Is there an extra charge for admins?",
        "€36,000 is more than we planned.",
    ],
)
def test_pricing_topic_finds_money_talk_without_the_word_price(text):
    assert re.search(PRICING.pattern, text.lower())


def test_talk_about_terms_of_use_or_determination_is_not_a_contract_theme():
    assert (
        theme_of("In terms of pricing, we are determined to decide soon.", PRICING)
        == "Other pricing discussion"
    )


@pytest.mark.parametrize(
    ("question", "themes"),
    [
        (
            "Which customers asked us for a bigger discount or a lower price in November?",
            {"Discount requests"},
        ),
        ("who is asking for Rabatt on negotiation calls", {"Discount requests"}),
        ("who said we are too expensive", {"Too expensive"}),
        ("what did customers say about the renewal price increase", {"Renewal pricing"}),
        # a question on the topic as a whole, or on negotiation-stage calls, keeps every theme
        ("what are customers saying about pricing in november", set()),
        ("pricing quotes from negotiation stage calls", set()),
    ],
)
def test_a_question_narrows_its_topic_to_the_themes_it_asks_about(question, themes):
    assert asked_themes(question, PRICING) == themes
