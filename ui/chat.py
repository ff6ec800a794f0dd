"""The Gradio chat: streamed answers with deep-linked sources, thumbs up/down, retry, undo, copy."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import aclosing
from inspect import cleandoc

import gradio as gr
from gradio.context import LocalContext

from rag.answer.pipeline import Answer
from rag.errors import FieldGuideError
from ui.format import answer_message, history_messages, message_text
from ui.pacing import paced
from ui.prometheus import error_kind
from ui.service import ChatService

log = logging.getLogger("fieldguide.chat")
ANSWERING = "fieldguide-answer"  # the concurrency group of every answer: the page's and the API's

# One question per part of the guide: role, skills statistics, learning path, interview,
# a named company's process, a named posting; and one exact figure over all postings.
EXAMPLES = [
    "What does an AI engineer actually do day to day?",
    "Which skills are most requested in AI engineer job postings?",
    "I'm a backend developer: what learning path gets me into AI engineering?",
    "What questions come up in AI engineering interviews about RAG?",
    "What are the interview steps at Monzo Bank?",
    "What does the nPlan platform role pay?",
    "How many New York postings ask for LangGraph?",
]
DESCRIPTION = (
    "Ask career and interview questions about the "
    "[AI Engineering Field Guide](https://github.com/alexeygrigorev/ai-engineering-field-guide). "
    "Every answer cites the guide's sections; click a source to read it."
)
# Relative links, so they stay right under a reverse proxy's sub-path.
LINKS = (
    "[Embed on your site](embed) · [HTTP API docs](docs) · "
    "[Use from Python, AI assistants (MCP) or any OpenAI SDK](integrations)"
)
# System fonts: the default theme would fetch Google Fonts, which an offline machine cannot reach.
THEME = gr.themes.Soft(
    font=["ui-sans-serif", "system-ui", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "monospace"],
)


# -- the page's own steps ---------------------------------------------------------------------------
# They need no server: Gradio client-side functions (an event with `js` and no Python function), so a
# turn posts only its answer. The page is the conversation's keeper: the question shown, a retry or an
# undo change the Chatbot's value in the browser, and the answer reads the question and the history
# from that value. A message is written as Gradio's Chatbot sends it back (`Chatbot.postprocess`):
# {"role", "metadata", "content": [{"type": "text", "text"}], "options"}.


def update(**props: object) -> str:
    """A Gradio property update, as JavaScript source."""
    return json.dumps({"__type__": "update", **props})


LOCKED = update(interactive=False, submit_btn=False, stop_btn=True)  # while answering: the stop button
UNLOCKED = update(interactive=True, submit_btn=True, stop_btn=False)  # answered: the submit button

# The user's message as the Chatbot holds it; `text` is a JavaScript expression.
_USER_MESSAGE = (
    '{"role": "user", "metadata": null, "content": [{"type": "text", "text": %s}], "options": null}'
)
# The index of the conversation's last user message (-1 when there is none).
_LAST_USER = "const h = history || []; let i = h.length - 1; while (i >= 0 && h[i].role !== 'user') i--;"

# inputs: the question box, the chatbot; outputs: the question box, the chatbot.
SHOW_QUESTION = (
    "(question, history) => (question || '').trim() ? "
    f"[{{...{LOCKED}, value: ''}}, [...(history || []), {_USER_MESSAGE % 'question'}]] "
    f": [{update()}, history || []]"
)
# inputs: the chatbot; outputs: the question box, the chatbot (up to its last question, to answer again).
RETRY = f"(history) => {{ {_LAST_USER} return [{LOCKED}, h.slice(0, i + 1)]; }}"
# inputs: the chatbot; outputs: the chatbot (without its last exchange), the question box (its question).
UNDO = (
    f"(history) => {{ {_LAST_USER} if (i < 0) return [h, {update()}]; "
    "const text = h[i].content.filter(p => p.type === 'text').map(p => p.text).join('\\n'); "
    f"return [h.slice(0, i), {{...{update()}, value: text}}]; }}"
)
# no inputs; outputs: the question box.
UNLOCK = f"() => ({UNLOCKED})"


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


def client_of_current_request() -> str:
    """The client address for rate limiting, from the request Gradio keeps for the running event (the
    chat functions' parameters are the conversation's, and `chat`'s are its public API)."""
    request = LocalContext.request.get(None)
    host = getattr(getattr(request, "client", None), "host", None)
    return f"ip:{host}" if host else "ui:unknown"


def make_respond(service: ChatService):
    def cannot_answer(exc: FieldGuideError) -> None:
        # A toast that says why; the question stays in the conversation, the box is unlocked.
        service.metrics.observe_error(error_kind(exc))
        gr.Warning(str(exc), title="Can't answer that")

    async def answered(shown: list[dict], answers: dict, conversation_id: str):
        if not shown or shown[-1].get("role") != "user":
            return
        try:
            events = service.ask(
                message_text(shown[-1].get("content")),
                history_messages(shown[:-1]),
                client=client_of_current_request(),
                channel="ui",
                conversation_id=conversation_id,
            )
        except FieldGuideError as exc:
            cannot_answer(exc)
            return
        window_s = service.settings.chat_stream_window_ms / 1000
        try:
            async with aclosing(paced(events, window_s)) as updates:
                async for update in updates:
                    if isinstance(update, Answer):
                        # Thumbs on this message must find this answer: key it by its position.
                        answers = {**answers, str(len(shown)): update.answer_id}
                        yield [*shown, bot_message(answer_message(update))], answers
                    else:  # the answer ids change only with the answer: no state update per piece
                        yield [*shown, bot_message(update)], gr.skip()
        except FieldGuideError as exc:
            cannot_answer(exc)

    async def respond(shown: list[dict], answers: dict, conversation_id: str):
        """Answers the conversation's last message, which the page has just shown (SHOW_QUESTION):
        yields the conversation with the answer so far, then with the whole answer."""
        # Async: the answer waits on the LLM on the event loop. A closed tab cancels this task,
        # which closes the answer's stream and so its LLM request.
        nothing = True
        async with aclosing(answered(shown, answers, conversation_id)) as updates:
            async for update in updates:
                nothing = False
                yield update
        if nothing:  # an event that yields nothing empties its outputs: keep the conversation shown
            yield shown, gr.skip()

    return respond


def make_chat_endpoint(service: ChatService):
    async def chat(question: str, history: list[dict] | None = None) -> AsyncIterator[str]:
        """Answer a question from the AI Engineering Field Guide (the AI-engineer role, skills in job
        postings, learning paths, interviews, companies). Streams the answer as it is written; the last
        value is the whole answer: a label when the guide does not cover it (or the LLM failed), the
        text with [n] citations, then the numbered sources with deep links into the guide. `history`:
        earlier {"role": "user" | "assistant", "content": "..."} messages, oldest first."""
        text = ""
        try:
            events = service.ask(
                question,
                [] if history is None else history,
                client=client_of_current_request(),
                channel="gradio",
            )
            async with aclosing(events):
                async for event in events:
                    if isinstance(event, Answer):
                        yield answer_message(event)
                    else:
                        text = event.text if event.replace else text + event.text
                        yield text
        except FieldGuideError as exc:
            # A client call has no page to show a toast on: raise, so gradio_client raises AppError.
            service.metrics.observe_error(error_kind(exc))
            raise gr.Error(str(exc), title="Can't answer that", print_exception=False) from exc

    return chat


def make_on_like(service: ChatService):
    def on_like(answers: dict, data: gr.LikeData) -> None:
        answer_id = answers.get(str(data.index))
        if answer_id is None or data.liked not in (True, False):
            return
        rating = "up" if data.liked else "down"
        try:
            service.feedback(answer_id, rating)
        except FieldGuideError as exc:
            raise gr.Error(str(exc)) from exc
        gr.Info("Thanks! Your feedback was saved.", duration=3)

    return on_like


async def new_conversation() -> str:
    """A page's conversation id. Async, so Gradio runs it on the event loop, not in a worker thread."""
    return uuid.uuid4().hex


async def show_example(example: gr.SelectData) -> tuple[dict, list[dict]]:
    """A clicked example starts a new conversation with it (as ChatInterface does); the page cannot
    do this itself, as a client-side function gets no event data."""
    return gr.update(interactive=False, submit_btn=False, stop_btn=True), [
        user_message(example.value["text"])
    ]


def create_chat(service: ChatService) -> gr.Blocks:
    """The chat page: a turn is one request, its answer (the question box's and the conversation's
    own changes run in the page, above); the answer streams into the conversation."""
    with gr.Blocks(title="Field Guide Chat", analytics_enabled=False, fill_height=True) as blocks:
        answers = gr.State({})  # message index -> answer id, per browser session
        conversation = gr.State(None)  # an id per browser session, set on load:
        # (a callable State would add a public, unnamed `/lambda` endpoint to the client API)
        blocks.load(new_conversation, outputs=conversation, api_visibility="private", queue=False)
        gr.Markdown("<h1 style='text-align: center; margin-bottom: 1rem'>Field Guide Chat</h1>")
        gr.Markdown(f"{DESCRIPTION}\n\n{LINKS}")
        chatbot = gr.Chatbot(
            label="Field Guide Chat",
            buttons=["copy", "copy_all"],
            feedback_options=("Like", "Dislike"),
            sanitize_html=True,
            allow_tags=False,
            allow_file_downloads=False,
            render_markdown=True,
            placeholder="Ask about the AI-engineer role, skills, learning paths, interviews or job postings.",
            elem_id="fieldguide-chatbot",
            height="70vh",
            scale=1,
            examples=[{"text": q} for q in EXAMPLES],
        )
        with gr.Group(), gr.Row():
            textbox = gr.Textbox(
                placeholder="Ask a career or interview question…",
                max_length=service.settings.max_question_chars,
                elem_id="fieldguide-question",
                show_label=False,
                scale=7,
                autofocus=True,
                submit_btn=True,
                stop_btn=False,  # shown while answering
            )
        answer = {
            "fn": make_respond(service),
            "inputs": [chatbot, answers, conversation],
            "outputs": [chatbot, answers],
            "show_progress": "minimal",
            # The conversation comes and goes as the Chatbot's data (bot_message): Gradio's own
            # pre- and postprocessing would only hand each update to a worker thread and back.
            "preprocess": False,
            "postprocess": False,
            "concurrency_limit": service.settings.llm_streams,
            "concurrency_id": ANSWERING,
            "api_visibility": "private",
        }
        in_page = {"fn": None, "queue": False, "api_visibility": "private"}
        shown = textbox.submit(
            **in_page, js=SHOW_QUESTION, inputs=[textbox, chatbot], outputs=[textbox, chatbot]
        )
        retried = chatbot.retry(**in_page, js=RETRY, inputs=[chatbot], outputs=[textbox, chatbot])
        example = chatbot.example_select(
            show_example, outputs=[textbox, chatbot], queue=False, api_visibility="private"
        )
        answering = [trigger.then(**answer) for trigger in (shown, retried, example)]
        for event in answering:
            event.then(**in_page, js=UNLOCK, outputs=[textbox])  # also after a stopped answer
        textbox.stop(None, cancels=answering, api_visibility="private")
        chatbot.undo(**in_page, js=UNDO, inputs=[chatbot], outputs=[chatbot, textbox])
        chatbot.like(make_on_like(service), inputs=[answers], outputs=None, api_visibility="private")
        # The chat for gradio_client joins the page's answers' concurrency group: both run at most
        # llm_streams at once (the service's admission then shares the CPU among them, first come,
        # first served).
        gr.api(
            make_chat_endpoint(service),
            api_name="chat",
            concurrency_limit=service.settings.llm_streams,
            concurrency_id=ANSWERING,
        )
    return blocks
