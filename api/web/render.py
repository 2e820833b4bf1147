"""Jinja2 environments, one per language, with the catalog and number filters installed."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, select_autoescape

from optimizer import i18n
from optimizer.i18n import cli as cli_words


def language(*choices: str | None) -> str:
    """The first choice that is a language of the catalog, else Indonesian (the default)."""
    for choice in choices:
        if choice in i18n.LANGUAGES:
            return choice
    return i18n.DEFAULT_LANGUAGE


@functools.cache
def environment(lang: str) -> Environment:
    """Templates of api/web/templates with `_`, `pgettext` and filters for `lang`."""
    env = Environment(loader=PackageLoader("api.web", "templates"),
                      autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"],
                      trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = lambda value: i18n.number(value, lang)
    env.filters["pct"] = lambda value: _percent(value, lang)
    env.filters["km"] = lambda value: i18n.number(round(float(value), 2), lang)
    env.filters["tier"] = lambda tier: i18n.tier_label(tier, lang)
    env.filters["author"] = lambda by: cli_words.author(by, lang)
    env.filters["figure"] = lambda value: "-" if value is None else i18n.number(
        round(float(value), 3), lang)
    env.globals["other_language"] = "en" if lang == "id" else "id"
    return env


def _percent(value: float | None, lang: str) -> str:
    """A coverage as the page shows it ('33.3%'); strictly between 0 and 1 never as 0 or
    100 % (a kecamatan with residents still waiting is not '100.0%': 99.995%)."""
    if value is None:
        return "-"
    from optimizer import percent_places

    places = percent_places(100 * value)
    if places > 1:
        return i18n.as_written(f"{100 * value:.{places}f}", lang) + "%"
    return i18n.number(round(100 * value, 1), lang, grouped=False) + "%"
