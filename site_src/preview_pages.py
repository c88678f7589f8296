"""What the live preview adds to the browser: reload on change, an error overlay, a German 404.

An editor keeps a tab open while writing. That tab must follow every saved change, say in the
page itself when a change could not be applied (with `file:line: field: message`), and keep
reloading even on an address that does not exist (yet).
"""

from __future__ import annotations

import html

STATUS_PATH = "/.preview/status"

# Asks the preview every second for its state: reloads when a change was applied, shows the
# errors of a change that was not. Plain DOM calls, so no stylesheet or library is needed.
RELOAD_SCRIPT = (
    """<script>(()=>{let seen=null;const id="sk-preview-errors";
function show(errors){let box=document.getElementById(id);
if(!errors.length){if(box)box.remove();return}
if(!box){box=document.createElement("section");box.id=id;box.setAttribute("role","alert");
box.style.cssText="position:fixed;inset:auto 0 0 0;z-index:1000;max-height:60vh;overflow:auto;"
+"background:#fff4f4;color:#1a1a1a;border-top:4px solid #b00020;padding:1rem 1.5rem;"
+"font:16px/1.5 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.3)";
document.body.appendChild(box)}
box.replaceChildren();const h=document.createElement("h2");
h.textContent="Fehler in den Inhalten: Die Vorschau zeigt noch den letzten fehlerfreien Stand.";
h.style.cssText="margin:0 0 .5rem;font-size:1.1rem";box.appendChild(h);
const list=document.createElement("ul");list.style.cssText="margin:0;padding-left:1.2rem";
for(const e of errors){const li=document.createElement("li");const c=document.createElement("code");
c.textContent=e;li.appendChild(c);list.appendChild(li)}box.appendChild(list)}
async function poll(){try{const r=await fetch("""
    f'"{STATUS_PATH}"'
    """,{cache:"no-store"});const s=await r.json();
if(seen!==null&&s.version!==seen){location.reload();return}seen=s.version;show(s.errors)}catch(e){}}
poll();setInterval(poll,1000)})();</script>"""
).encode()

_NOT_FOUND = """<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Seite nicht gefunden – Vorschau</title></head>
<body style="font:18px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Seite nicht gefunden</h1>
<p>Unter der Adresse <code>{path}</code> gibt es in der Vorschau keine Seite.</p>
<p>Haben Sie gerade einen Titel, ein Datum oder einen <code>slug</code> geändert? Dann hat die
Seite eine neue Adresse. Diese Seite lädt neu, sobald Sie eine Änderung speichern.</p>
<p><a href="/">Zur Startseite der Vorschau</a> · <a href="/aktuelles/">Zu Aktuelles</a></p>
</body>
</html>
"""


def not_found_page(path: str) -> bytes:
    """The German answer for an address the preview does not have, with live reload."""
    page = _NOT_FOUND.format(path=html.escape(path)).encode()
    return page.replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
