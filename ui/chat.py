"""The Gradio chat: streamed answers with deep-linked sources, thumbs up/down, retry, undo, copy."""

from __future__ import annotations

import inspect
import json
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import aclosing

import gradio as gr
from gradio.context import LocalContext
from gradio.utils import async_lambda

from rag.answer.pipeline import Answer
from rag.errors import FieldGuideError
from ui.format import answer_message, history_messages
from ui.pacing import paced
from ui.prometheus import error_kind
from ui.service import ChatService

log = logging.getLogger("fieldguide.chat")

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


def client_of_current_request() -> str:
    """The client address for rate limiting. ChatInterface passes no gr.Request to its function,
    so read the one Gradio keeps for the running event (as ChatInterface itself does)."""
    request = LocalContext.request.get(None)
    host = getattr(getattr(request, "client", None), "host", None)
    return f"ip:{host}" if host else "ui:unknown"


def make_respond(service: ChatService):
    def cannot_answer(exc: FieldGuideError) -> None:
        # A toast, not gr.Error: after a failed event Gradio never runs ChatInterface's
        # `.then()` that re-enables the textbox, so an error would leave the chat unusable.
        service.metrics.observe_error(error_kind(exc))
        gr.Warning(str(exc), title="Can't answer that")

    async def respond(message: str, history: list[dict], answers: dict, conversation_id: str):
        # Async: the answer waits on the LLM on the event loop. A closed tab cancels this task,
        # which closes the answer's stream and so its LLM request.
        try:
            events = service.ask(
                message,
                history_messages(history),
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
                        answers = {**answers, str(len(history) + 1): update.answer_id}
                        yield answer_message(update), answers
                    else:  # the answer ids change only with the answer: no state update per piece
                        yield update, gr.skip()
        except FieldGuideError as exc:
            cannot_answer(exc)

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


def update_props(update: object) -> dict | None:
    """The props a property update sets (a component made by an event function, or `gr.update`)."""
    if isinstance(update, gr.components.Component):
        return {k: v for k, v in update.constructor_args.items() if k != "render"}
    if isinstance(update, dict) and update.get("__type__") == "update":
        return {k: v for k, v in update.items() if k != "__type__"}
    return None


def textbox_updates_in_the_browser(blocks: gr.Blocks, textbox: gr.Textbox) -> list[int]:
    """ChatInterface's own updates of the question box (disable and re-enable it, swap the submit and
    stop buttons) take no input and set only props: they become Gradio client-side functions (what
    `js=True` makes), run by the page without a request. A turn then makes 4 requests to the server
    instead of 7 besides its answer, and none of them waits in Gradio's queue but the answer itself.
    The Python functions stay for API clients. Returns the ids of the events changed."""
    changed = []
    for fn in blocks.fns.values():
        if fn.fn is None or fn.inputs or [block._id for block in fn.outputs] != [textbox._id]:
            continue
        # A lambda (sync, or wrapped by Gradio's async_lambda) returning the same update each time.
        props = update_props(inspect.unwrap(fn.fn)())
        if props is None:
            continue
        fn.fn.__js_implementation__ = f"() => ({json.dumps({'__type__': 'update', **props})})"
        changed.append(fn._id)
    return changed


def bookkeeping_on_the_event_loop(blocks: gr.Blocks) -> list[int]:
    """ChatInterface's own bookkeeping (save the question, append it to the conversation, copy the
    conversation into its state, ...) is plain functions of a few list operations, which Gradio
    runs in a worker thread: a hand-off to a thread and back per event, more CPU than the work and
    a wait for the GIL when the app is busy. They run on the event loop instead, as async functions
    (`gradio.utils.async_lambda`, which ChatInterface uses for its own button updates). Returns
    the ids of the events changed."""
    changed = []
    for fn in blocks.fns.values():
        f = fn.fn
        if f is None or getattr(f, "__module__", None) != "gradio.chat_interface":
            continue
        if inspect.iscoroutinefunction(f) or inspect.isasyncgenfunction(f) or inspect.isgeneratorfunction(f):
            continue
        fn.fn = async_lambda(f)
        changed.append(fn._id)
    return changed


def conversation_saving_in_the_browser(blocks: gr.Blocks, chat: gr.ChatInterface) -> list[int]:
    """Without `save_history` ChatInterface's `_save_conversation` returns its inputs unchanged, yet
    the page posts it after every answer: it becomes a client-side function that changes nothing.
    Returns the ids of the events changed."""
    if chat.save_history:
        return []
    changed = []
    for fn in blocks.fns.values():
        if getattr(inspect.unwrap(fn.fn), "__func__", None) is gr.ChatInterface._save_conversation:
            unchanged = json.dumps([{"__type__": "update"}] * len(fn.outputs))
            fn.fn.__js_implementation__ = f"() => ({unchanged})"
            changed.append(fn._id)
    return changed


def create_chat(service: ChatService) -> gr.Blocks:
    with gr.Blocks(title="Field Guide Chat", analytics_enabled=False, fill_height=True) as blocks:
        answers = gr.State({})  # message index -> answer id, per browser session
        conversation = gr.State(None)  # an id per browser session, set on load:
        # (a callable State would add a public, unnamed `/lambda` endpoint to the client API)
        blocks.load(lambda: uuid.uuid4().hex, outputs=conversation, api_visibility="private", queue=False)
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
        )
        chat = gr.ChatInterface(
            make_respond(service),
            chatbot=chatbot,
            textbox=gr.Textbox(
                placeholder="Ask a career or interview question…",
                max_length=service.settings.max_question_chars,
                elem_id="fieldguide-question",
                submit_btn=True,
                stop_btn=True,
            ),
            additional_inputs=[answers, conversation],
            additional_outputs=[answers],
            examples=[[q, None, None] for q in EXAMPLES],
            title="Field Guide Chat",
            description=f"{DESCRIPTION}\n\n{LINKS}",
            analytics_enabled=False,
            concurrency_limit=service.settings.llm_streams,
            api_visibility="private",
            fill_height=True,
        )
        chatbot.like(make_on_like(service), inputs=[answers], outputs=None, api_visibility="private")
        # The chat for gradio_client: the page's answering events are one concurrency group (Gradio
        # keys it by ChatInterface's submit function); joining it, both run at most llm_streams (the
        # service's admission then shares the CPU among them, first come first served).
        answering = next(f.concurrency_id for f in blocks.fns.values() if f.name == "_submit_fn")
        gr.api(
            make_chat_endpoint(service),
            api_name="chat",
            concurrency_limit=service.settings.llm_streams,
            concurrency_id=answering,
        )
    bookkeeping_on_the_event_loop(blocks)
    textbox_updates_in_the_browser(blocks, chat.textbox)
    conversation_saving_in_the_browser(blocks, chat)
    return blocks
