"""The chat page's own steps that need no server: they run in the browser as Gradio client-side
functions (an event with `js` and no Python function), so a turn posts only its answer.

The page is the conversation's keeper: the question shown, a retry or an undo change the Chatbot's
value in the browser, and the answer event reads the question and the history from that value
(ui/chat.py). A message is written as Gradio's Chatbot sends it back (`Chatbot.postprocess`):
{"role", "metadata", "content": [{"type": "text", "text"}], "options"}.
"""

from __future__ import annotations

import json
from inspect import cleandoc


def update(**props: object) -> str:
    """A Gradio property update, as JavaScript source."""
    return json.dumps({"__type__": "update", **props})


ANSWERING = update(interactive=False, submit_btn=False, stop_btn=True)  # locked; the stop button
ANSWERED = update(interactive=True, submit_btn=True, stop_btn=False)  # unlocked; the submit button

# The user's message as the Chatbot holds it; `text` is a JavaScript expression.
_USER_MESSAGE = (
    '{"role": "user", "metadata": null, "content": [{"type": "text", "text": %s}], "options": null}'
)
# The index of the conversation's last user message (-1 when there is none).
_LAST_USER = "const h = history || []; let i = h.length - 1; while (i >= 0 && h[i].role !== 'user') i--;"

# inputs: the question box, the chatbot; outputs: the question box, the chatbot.
SHOW_QUESTION = (
    "(question, history) => (question || '').trim() ? "
    f"[{{...{ANSWERING}, value: ''}}, [...(history || []), {_USER_MESSAGE % 'question'}]] "
    f": [{update()}, history || []]"
)
# inputs: the chatbot; outputs: the question box, the chatbot (up to its last question, to answer again).
RETRY = f"(history) => {{ {_LAST_USER} return [{ANSWERING}, h.slice(0, i + 1)]; }}"
# inputs: the chatbot; outputs: the chatbot (without its last exchange), the question box (its question).
UNDO = (
    f"(history) => {{ {_LAST_USER} if (i < 0) return [h, {update()}]; "
    "const text = h[i].content.filter(p => p.type === 'text').map(p => p.text).join('\\n'); "
    f"return [h.slice(0, i), {{...{update()}, value: text}}]; }}"
)
# no inputs; outputs: the question box.
UNLOCK = f"() => ({ANSWERED})"


def user_message(text: str) -> dict:
    """A question as the Chatbot holds it (what SHOW_QUESTION appends)."""
    return json.loads(_USER_MESSAGE % json.dumps(text))


def bot_message(text: str) -> dict:
    """An answer as `Chatbot.postprocess` makes it (which dedents it): the answer event sends its
    updates in this form, so Gradio need not postprocess each one (in a worker thread)."""
    return {
        "role": "assistant",
        "metadata": None,
        "content": [{"type": "text", "text": cleandoc(text)}],
        "options": None,
    }
