"""The `/integrations` page: how to reach the guide from Python (gradio_client), from AI assistants
(MCP) and from any OpenAI SDK, with snippets for this server's address.

The README shows the same snippets for http://127.0.0.1:7860/ and tests/test_integrations.py runs
them against a live app, so what is shown is what was run.
"""

from __future__ import annotations

import json
from html import escape

from ui.embed import gradio_client_snippet, html_page, snippet_blocks
from ui.mcp_server import MCP_PATH
from ui.openai_compat import MODEL_ID

QUESTION = "How do I move from data engineering into AI engineering?"


def claude_desktop_config(chat_url: str) -> str:
    """claude_desktop_config.json: Claude Desktop starts local (stdio) servers, so `mcp-remote`
    bridges it to this server's streamable HTTP endpoint."""
    server = {"command": "npx", "args": ["-y", "mcp-remote", chat_url.rstrip("/") + MCP_PATH]}
    return json.dumps({"mcpServers": {"field-guide": server}}, indent=2)


def cursor_config(chat_url: str) -> str:
    """~/.cursor/mcp.json (Cursor connects to streamable HTTP servers by URL)."""
    return json.dumps({"mcpServers": {"field-guide": {"url": chat_url.rstrip("/") + MCP_PATH}}}, indent=2)


def mcp_python_snippet(chat_url: str) -> str:
    return f"""import asyncio

from mcp import Client

QUESTION = "{QUESTION}"


async def main():
    async with Client("{chat_url.rstrip("/") + MCP_PATH}") as client:
        print([tool.name for tool in (await client.list_tools()).tools])
        result = await client.call_tool("ask_field_guide", {{"question": QUESTION}})
        print(result.structured_content["answer"], result.structured_content["citations"])


asyncio.run(main())"""


def openai_snippet(chat_url: str) -> str:
    return f"""from openai import OpenAI

client = OpenAI(base_url="{chat_url.rstrip("/")}/v1", api_key="unused")  # or FIELDGUIDE_OPENAI_COMPAT_KEY
question = [{{"role": "user", "content": "{QUESTION}"}}]
reply = client.chat.completions.create(model="{MODEL_ID}", messages=question)
print(reply.choices[0].message.content)  # the answer, then its numbered sources
print(reply.model_extra["citations"])  # [{{"n": 1, "title": ..., "section": ..., "url": ...}}]
for chunk in client.chat.completions.create(model="{MODEL_ID}", messages=question, stream=True):
    print(chunk.choices[0].delta.content or "", end="")"""


def curl_snippet(chat_url: str) -> str:
    messages = [{"role": "user", "content": QUESTION}]
    body = json.dumps({"model": MODEL_ID, "stream": True, "messages": messages})
    url = f"{chat_url.rstrip('/')}/v1/chat/completions"
    return f"curl -sN {url} -H 'Content-Type: application/json' \\\n  -d '{body}'"


def integrations_page(chat_url: str, mcp_enabled: bool, key_required: bool) -> str:
    """`chat_url` is the chat's public address, ending in a slash."""
    mcp_url = chat_url.rstrip("/") + MCP_PATH
    mcp_state = (
        f"This server serves MCP at <code>{escape(mcp_url)}</code> (streamable HTTP)."
        if mcp_enabled
        else "MCP is <strong>off</strong> on this server (<code>FIELDGUIDE_MCP=false</code>)."
    )
    key_state = (
        "This server requires its key: pass it as <code>api_key</code> (a bearer token)."
        if key_required
        else "This server takes any <code>api_key</code>."
    )
    python = snippet_blocks([("gradio-client", "gradio_client", gradio_client_snippet(chat_url))])
    mcp = snippet_blocks(
        [
            ("claude-desktop", "Claude Desktop: claude_desktop_config.json", claude_desktop_config(chat_url)),
            ("cursor", "Cursor (~/.cursor/mcp.json)", cursor_config(chat_url)),
            ("mcp-python", "The MCP Python SDK", mcp_python_snippet(chat_url)),
        ]
    )
    openai = snippet_blocks(
        [
            ("openai", "The openai Python SDK", openai_snippet(chat_url)),
            ("curl", "curl", curl_snippet(chat_url)),
        ]
    )
    return html_page(
        "Field Guide Chat integrations",
        f"""<h1>Use Field Guide Chat from your tools</h1>
<p>Every way in gives the same cited answers, under the same limits as the chat. The HTTP API is in
the <a href="docs">API docs</a>; putting the chat on a web page is on the <a href="embed">embed page</a>.</p>
<h2>From Python: the chat's <code>/chat</code> endpoint</h2>
<p><code>predict</code> returns the answer with its sources; <code>submit</code> streams it.</p>
{python}
<h2>From AI assistants: MCP</h2>
<p class="note">{mcp_state} Tools: <code>ask_field_guide(question)</code> (a cited answer) and
<code>search_field_guide(query, k, kind)</code> (passages with deep links).</p>
{mcp}
<h2>From any OpenAI SDK: the model <code>{MODEL_ID}</code></h2>
<p class="note">{key_state} The last user message is the question and earlier ones its history;
the citations also come as a <code>citations</code> field.</p>
{openai}""",
    )
