"""What a market question asks that the postings table cannot give, although the router built a query.

The router maps a question's words to the table's fields and drops the rest, so the figure it
computes may be about something else: "How many AI engineering jobs are forecast for 2027?" counted
every posting, "How much paid parental leave do AI engineers get?" gave the salaries. Two gaps are
structural, checked after routing (no topic lists beyond the contract terms policy.py knows):

- a year in which no posting was published (the table's own posting dates): no figure for it;
- a term of employment (rag/answer/policy.py: a notice period, a kind of leave, vacation days,
  on-call pay, vesting, a visa...): the postings record none, whatever a pay or count word computes.

Only a question of one part is checked: in one of several parts the gap is the rest's caveat. The
desk then answers as for any field the data does not record (or, when the question does not
name the job data, sends it to the guide, whose answerability check has the same terms).
"""

from __future__ import annotations

import re

from rag.answer.figures import parts
from rag.answer.policy import policy_ask

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def unrecorded(question: str, posted_from: str, posted_to: str) -> str | None:
    """What the question asks that the postings (dated `posted_from`..`posted_to`, ISO dates) do not
    record, in words for the reply ("postings from 2027 (…)", "parental leave"), or None."""
    if len(parts(question)) > 1:  # the rest may be a figure the data has: answered, the gap unsaid
        return None
    policy = policy_ask(question)
    if policy is not None and policy.kind == "contract":
        return policy.term
    if posted_from[:4].isdigit() and posted_to[:4].isdigit():
        first, last = int(posted_from[:4]), int(posted_to[:4])
        years = [y for y in _YEAR.findall(question) if not first <= int(y) <= last]
        if years:
            return f"postings from {' or '.join(years)} (the postings run from {posted_from} to {posted_to})"
    return None
