"""parse_compensation: currency ranges stated in posting text."""

import pytest

from ingest.salary import Compensation, parse_compensation

PARSED = [
    # text, (min, max, currency, period, matched text)
    ("140,000-200,000 USD/Year", (140000, 200000, "USD", "year", "140,000-200,000 USD")),
    ("£70,000-£100,000", (70000, 100000, "GBP", None, "£70,000-£100,000")),
    ("$185K – $240K", (185000, 240000, "USD", None, "$185K – $240K")),
    ("$185k-240k", (185000, 240000, "USD", None, "$185k-240k")),
    ("between $120,000 and $150,000 per year", (120000, 150000, "USD", "year", "$120,000 and $150,000")),
    ("€60 - €75 per hour", (60, 75, "EUR", "hour", "€60 - €75")),
    ("USD$215,000.00 - USD$275,000.00", (215000, 275000, "USD", None, "USD$215,000.00 - USD$275,000.00")),
    ("222,000 - 334,000 CAD / Annual", (222000, 334000, "CAD", "year", "222,000 - 334,000 CAD")),
    ("$90,000—$95,000 USD", (90000, 95000, "USD", None, "$90,000—$95,000 USD")),
    ("$5,000 - $6,000 per month", (5000, 6000, "USD", "month", "$5,000 - $6,000")),
    ("pay is $184,500 and\n    $217,100/year", (184500, 217100, "USD", "year", "$184,500 and $217,100")),
    ("70.000 to 100.000 GBP", (70000, 100000, "GBP", None, "70.000 to 100.000 GBP")),
    ("€65.000 - €80.000 per year", (65000, 80000, "EUR", "year", "€65.000 - €80.000")),
    ("Annual Salary: $150,000 - $180,000", (150000, 180000, "USD", "year", "$150,000 - $180,000")),
    ("The hourly rate is $45 - $60 depending on experience", (45, 60, "USD", "hour", "$45 - $60")),
    ("Salary/Hourly Rate Range: $170,000 - $215,000", (170000, 215000, "USD", None, "$170,000 - $215,000")),
    ("a $3–5 trillion market; pay $120k-$140k", (120000, 140000, "USD", None, "$120k-$140k")),
    (
        "$100,000 - $120,000 base; £150,000 - £200,000 OTE",
        (100000, 120000, "USD", None, "$100,000 - $120,000"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parses_range(text, expected):
    lo, hi, currency, period, matched = expected
    assert parse_compensation(text) == Compensation(float(lo), float(hi), currency, period, matched)


@pytest.mark.parametrize(
    "text",
    [
        "Competitive salary and great benefits.",
        "We build affordable ($10k) robots.",
        "Our platform serves 10,000 - 20,000 users a day.",
        "$200,000 - $100,000",
        "a $3–5 trillion opportunity",
        "We raised $20-30M from top investors.",
        "",
    ],
)
def test_no_range(text):
    assert parse_compensation(text) is None


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("140,000-200,000 USD/Year", "140,000-200,000 USD per year"),
        ("£70,000-£100,000", "70,000-100,000 GBP"),
        ("€60 - €75 per hour", "60-75 EUR per hour"),
        ("$12.50 - $15.75 an hour", "12.5-15.75 USD per hour"),
        ("$5,000 - $6,000 monthly", "5,000-6,000 USD per month"),
    ],
)
def test_describe(text, described):
    assert parse_compensation(text).describe() == described


def test_to_dict():
    assert parse_compensation("£70,000-£100,000").to_dict() == {
        "min": 70000.0,
        "max": 100000.0,
        "currency": "GBP",
        "period": None,
        "text": "£70,000-£100,000",
    }
