"""The referral summary's outline as one HTML page: a Jinja2 template, autoescaped, so
text from the record or the framework is never markup."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from thresholdcli.render.referral import Outline


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("thresholdcli", "templates"),
        autoescape=True,  # record and framework text is data: never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("referral.html.j2")


def referral_html(doc: Outline) -> str:
    return _template().render(doc=doc)
