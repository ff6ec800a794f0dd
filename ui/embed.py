"""The `/embed` page: copy-paste snippets for putting the chat on another site, and a live preview."""

from __future__ import annotations

from html import escape
from pathlib import Path

import gradio

# Gradio's web-component loader, served by this app so an embed needs no CDN.
GRADIO_JS = Path(gradio.__file__).parent / "templates" / "frontend" / "gradio.js"


def iframe_snippet(chat_url: str) -> str:
    return (
        f'<iframe src="{chat_url}" title="Field Guide Chat" width="100%" height="720" '
        'style="border: 1px solid #e5e7eb; border-radius: 8px;" loading="lazy"></iframe>'
    )


def web_component_snippet(chat_url: str) -> str:
    return (
        f'<script type="module" src="{chat_url}gradio.js"></script>\n'
        f'<gradio-app src="{chat_url}"></gradio-app>'
    )


def gradio_client_snippet(chat_url: str) -> str:
    """Five lines of Python: one answer, then one streamed, through the chat's `/chat` endpoint."""
    return (
        "from gradio_client import Client\n\n"
        f'client = Client("{chat_url}")\n'
        'print(client.predict("What does an AI engineer do day to day?", api_name="/chat"))\n'
        'for partial in client.submit("Which skills do job postings ask for most?", api_name="/chat"):\n'
        "    print(partial)"
    )


def snippet_blocks(snippets: list[tuple[str, str, str]]) -> str:
    """(key, heading, code) as headed code blocks with a Copy button each (ids `snippet-<key>`)."""
    return "\n".join(
        f"""<h2>{escape(label)}</h2>
<div class="snippet"><pre><code id="snippet-{key}">{escape(code)}</code></pre>
<button type="button" data-copy="snippet-{key}">Copy</button></div>"""
        for key, label, code in snippets
    )


def html_page(title: str, body: str) -> str:
    """A plain page in the embed page's style, whose Copy buttons copy their snippet."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
  body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
         color: #1f2937; }}
  .snippet {{ position: relative; }}
  pre {{ background: #f3f4f6; padding: 1rem 6rem 1rem 1rem; border-radius: 8px; white-space: pre-wrap;
        overflow-wrap: anywhere; }}
  .snippet button {{ position: absolute; top: .5rem; right: .5rem; }}
  .note {{ background: #fefce8; border: 1px solid #fde68a; padding: .75rem 1rem; border-radius: 8px; }}
</style>
</head>
<body>
{body}
<script>
document.querySelectorAll("button[data-copy]").forEach((button) => {{
  button.addEventListener("click", async () => {{
    await navigator.clipboard.writeText(document.getElementById(button.dataset.copy).textContent);
    button.textContent = "Copied";
  }});
}});
</script>
</body>
</html>
"""


def embed_page(chat_url: str, allowed_origins: list[str]) -> str:
    """`chat_url` is the chat's public address, ending in a slash."""
    origins = (
        ", ".join(f"<code>{escape(o)}</code>" for o in allowed_origins)
        if allowed_origins
        else "none yet (only this site itself)"
    )
    blocks = snippet_blocks(
        [
            ("iframe", "An iframe (works everywhere):", iframe_snippet(chat_url)),
            ("web-component", "Gradio web component:", web_component_snippet(chat_url)),
        ]
    )
    from_python = snippet_blocks(
        [("gradio-client", "From Python, with gradio_client:", gradio_client_snippet(chat_url))]
    )
    return html_page(
        "Embed Field Guide Chat",
        f"""<h1>Embed Field Guide Chat on your site</h1>
<p>Paste one of these snippets into your page. The chat keeps its own conversation, sources
and feedback buttons inside the frame.</p>
<p class="note">Browsers only show the chat inside sites this server allows. Allowed origins now:
{origins}. The operator adds an origin with the <code>FIELDGUIDE_ALLOWED_ORIGINS</code> setting
(e.g. <code>["https://www.example.org"]</code>); it drives the <code>Content-Security-Policy:
frame-ancestors</code> header of the chat and the CORS allowlist of the API.</p>
{blocks}
{from_python}
<p>More ways in (AI assistants over MCP, any OpenAI SDK): <a href="integrations">integrations</a>.</p>
<h2>Live preview</h2>
<iframe id="preview" src="{escape(chat_url)}" title="Field Guide Chat preview" width="100%" height="720"
        style="border: 1px solid #e5e7eb; border-radius: 8px;"></iframe>""",
    )
