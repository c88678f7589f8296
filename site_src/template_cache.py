"""Render theme partials and translations once per distinct input instead of once per page.

Material draws the whole sectioned navigation on every page; for the many pages outside the
navigation (articles, generated lists) it is the same HTML for the same relative links, so it
is rendered once per distinct key (an eighth of the build otherwise). Works on any Jinja
template; the caller says what the output depends on.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator

from jinja2 import Environment
from jinja2.runtime import Context

KeyOf = Callable[[Context], Hashable | None]


def cache_template(env: Environment, name: str, key_of: KeyOf) -> None:
    """Reuse the output of template `name` for contexts with the same key (None: render anew)."""
    template = env.get_template(name)
    render = template.root_render_func
    if getattr(render, "cached_by_key", False):
        return
    outputs: dict[Hashable, str] = {}

    def cached(context: Context) -> Iterator[str]:
        key = key_of(context)
        if key is None:
            yield from render(context)
            return
        if key not in outputs:
            outputs[key] = "".join(render(context))
        yield outputs[key]

    cached.cached_by_key = True  # type: ignore[attr-defined]
    template.root_render_func = cached


def translations(env: Environment, language: str) -> Callable[[str], str]:
    """Material's `lang.t(key)`, looked up once per key and build instead of once per use.

    Material's language macro builds its whole table of a hundred strings on every call, and
    a page calls it about twenty times; partials/language.html (ours) calls this instead.
    """
    chosen = env.get_template(f"partials/languages/{language}.html").module
    fallback = env.get_template("partials/languages/en.html").module
    found: dict[str, str] = {}

    def translate(key: str) -> str:
        if key not in found:
            found[key] = str(chosen.t(key)) or str(fallback.t(key)) or key
        return found[key]

    return translate
