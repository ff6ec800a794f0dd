"""A posting's text at ingest: a pay range wrapped before its dash stays one range, and the summary's
salary line names every pay range the posting states (invented postings)."""

from ingest.postings import _unwrap, pay_text
from ingest.salary import parse_compensation, parse_ranges


def test_a_dash_and_an_amount_after_an_amount_continue_the_range():
    text = "Base pay in Testland is $140,000\n- $215,000 per year, plus a bonus.\n\nPerks:\n- Lunch"
    assert (
        _unwrap(text)
        == "Base pay in Testland is $140,000 - $215,000 per year, plus a bonus.\n\nPerks:\n- Lunch"
    )


def test_an_indented_range_end_joins_its_list_item():
    text = "- Our target band is £75.000\n    - £90.000 + equity. Decided by\n  level."
    assert _unwrap(text) == "- Our target band is £75.000 - £90.000 + equity. Decided by level."


def test_amounts_that_start_list_items_stay_list_items():
    text = "Benefits:\n- Unlimited leave\n- $1,000 learning stipend\n- $1,500 a month for rent"
    assert (
        _unwrap(text) == "Benefits:\n- Unlimited leave\n- $1,000 learning stipend\n- $1,500 a month for rent"
    )


def test_a_list_item_after_an_amount_without_a_currency_stays_an_item():
    text = "Offices near $100\n- 12 Invented Road, Testville\n- Parental leave - 18\n- 26 weeks"
    assert (
        _unwrap(text) == "Offices near $100\n- 12 Invented Road, Testville\n- Parental leave - 18\n- 26 weeks"
    )


TIERS = (
    "Hiring ranges:\n\nTier 1 locations\n\n$163,500—$217,500 USD\n\n"
    "Tier 2 locations\n\n$150,500—$200,500 USD\n\n"
    "Tier 3: $138,500 - $185,500. Plus a $1,000 - $1,500 learning stipend and $2M - $9M in funding."
)


def test_every_pay_range_of_a_posting_is_read_in_order():
    assert [(r.min, r.max, r.currency) for r in parse_ranges(TIERS)] == [
        (163_500, 217_500, "USD"),
        (150_500, 200_500, "USD"),
        (138_500, 185_500, "USD"),
        (1_000, 1_500, "USD"),
    ]
    assert parse_compensation(TIERS) == parse_ranges(TIERS)[0]


def test_the_pay_names_the_further_pay_ranges_not_a_stipend():
    assert pay_text(parse_ranges(TIERS)) == (
        "163,500-217,500 USD; the posting also states 150,500-200,500 USD and 138,500-185,500 USD"
    )
    assert pay_text(parse_ranges("Pay: £60,000 - £65,000 per year. Tier 2: £50,000 - £55,000.")) == (
        "60,000-65,000 GBP per year; the posting also states 50,000-55,000 GBP per year"
    )
    assert pay_text([]) is None
