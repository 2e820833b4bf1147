"""Messages in Bahasa Indonesia and English: one gettext catalog for the library, CLI, API
and web page.

The catalog is `locale/<lang>/LC_MESSAGES/blanko.po` (compiled `.mo` files ship beside
them; `pybabel compile -d optimizer/i18n/locale -D blanko` rebuilds them, and
tests/i18n checks they match). A message keeps its `code` and `params`; only its
`text` is rendered in a language:

    >>> render(Message(code="EQUITY_OFF", text="..."), "id")
    'Pemerataan antarkecamatan tidak dioptimalkan (equity: false).'

Numbers are written the Indonesian way in Indonesian (1.234; 1,3) and exactly as
the library writes them in English, so English renders byte-identical to `text`.
A code the catalog does not know keeps the library's English `text`.
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from optimizer.engine.wording import km as km_text
from optimizer.engine.wording import num as english_number
from optimizer.i18n.messages import (
    NOUNS,
    PHRASES,
    RULES,
    TEMPLATES,
    TIER_LABELS,
    TIERS,
    Params,
    rule_pattern,
)
from optimizer.schema import Message, Plan

if TYPE_CHECKING:
    from optimizer.engine.evaluate import Evaluation

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"  # the page's; the API and CLI default to English (see below)
DOMAIN = "blanko"
LOCALE_DIR = Path(__file__).parent / "locale"
_FIELD = re.compile(r"\{(\w+)\}")
_SWAP = str.maketrans(",.", ".,")


@functools.lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalog of `lang` ('id' or 'en'); ValueError for any other language."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    assert isinstance(found, gettext.GNUTranslations)
    return found


def translate(lang: str, context: str, text: str) -> str:
    """`text` (English, the msgid) in `lang`, looked up under `context`."""
    return translations(lang).pgettext(context, text)


def gettext_for(lang: str, text: str) -> str:
    return translations(lang).gettext(text)


def render(message: Message, lang: str) -> str:
    """The message's text in `lang`; the library's own text for a code not in the catalog."""
    template = TEMPLATES.get(message.code)
    if template is None:
        return message.text
    context = _Context(lang, message.params)
    fields = dict(context.fields)
    for name, (noun, param) in template.counts.items():
        fields[name] = context.count(noun, int(message.params.get(param) or 0))
    if template.derive is not None:
        fields.update(template.derive(message.params, context))
    variant = None if template.variant is None else template.variant(message.params)
    text = (translate(lang, template.code, template.text) if variant is None
            else translate(lang, variant, PHRASES[variant]))
    return _fill(text, fields)


def localize_messages(messages: Iterable[Message], lang: str) -> tuple[Message, ...]:
    """The messages with `text` in `lang`; `code`, `level` and `params` unchanged."""
    return tuple(m.model_copy(update={"text": render(m, lang)}) for m in messages)


def localize_plan(plan: Plan, lang: str) -> Plan:
    """The plan with its messages' text in `lang` (every figure unchanged)."""
    if lang == "en":
        return plan  # the library writes English
    return plan.model_copy(update={"messages": localize_messages(plan.messages, lang)})


def localize_evaluation(evaluation: Evaluation, lang: str) -> Evaluation:
    """The evaluation with its violations' `text` in `lang`; codes, places and figures
    unchanged (see optimizer.i18n.problems.violation_text)."""
    if lang == "en":
        return evaluation
    from optimizer.i18n.problems import violation_text

    return evaluation.model_copy(update={"violations": tuple(
        v.model_copy(update={"text": violation_text(v.code, v.text, lang)})
        for v in evaluation.violations)})


def tier_name(tier: str, lang: str) -> str:
    """first_time -> 'pemula' in Indonesian; a tier the catalog does not know keeps its id."""
    return translate(lang, "tier", tier) if tier in TIERS else tier


def tier_label(tier: str, lang: str) -> str:
    """A tier as a heading names it: 'first-time applicants' / 'pemula'; an unknown tier
    keeps its id."""
    label = TIER_LABELS.get(tier)
    return tier if label is None else translate(lang, "tier-label", label)


def number(value: int | float, lang: str, grouped: bool = True) -> str:
    """A figure as the language writes it: 40,000 / 40.000; 1.5 / 1,5."""
    if lang == "en":
        return f"{value:,}" if grouped else str(value)
    from babel.numbers import format_decimal  # CLDR data, loaded only for Indonesian

    return str(format_decimal(value, locale="id", group_separator=grouped))


def as_written(english: str, lang: str) -> str:
    """A figure the library wrote in English ('1.6', '0.35', '2176', '1,000') in `lang`,
    with the same decimals and the same grouping or none: '1,6', '0,35', '2176', '1.000'
    in Indonesian. A km the plausibility checks write has no grouping, so that it reads
    the same in a message about a misread separator (optimizer.io.plausible.km_text)."""
    if lang == "en":
        return english
    from decimal import Decimal

    from babel.numbers import format_decimal  # CLDR data, loaded only for Indonesian

    plain = english.replace(",", "")
    decimals = len(plain.partition(".")[2])
    pattern = ("#,##0" if "," in english else "0") + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(Decimal(plain), format=pattern, locale=lang))


def pick_language(accept_language: str | None, default: str = "en") -> str:
    """The best of LANGUAGES for an Accept-Language header (RFC 9110 q-values), else default.

    'id-ID,id;q=0.9,en;q=0.8' -> 'id'; 'fr' -> default; 'in' (old code) -> 'id'.
    """
    best, best_q = default, 0.0
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, rest = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        primary = "id" if primary == "in" else primary
        q = _quality(rest)
        # Earlier entries win ties: a small penalty by position keeps the header's order.
        score = q - position * 1e-6
        if primary in LANGUAGES and q > 0 and score > best_q:
            best, best_q = primary, score
    return best


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """BLANKO_LANG, else the POSIX locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): id or en."""
    env = os.environ if environ is None else environ
    for name in ("BLANKO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            primary = value.split(":")[0].split("_")[0].split(".")[0].split("-")[0].lower()
            return "id" if primary in {"id", "in"} else "en"
    return "en"


def _quality(parameters: str) -> float:
    match = re.search(r"q\s*=\s*([0-9.]+)", parameters)
    if not match:
        return 1.0
    try:
        return max(0.0, min(1.0, float(match.group(1))))
    except ValueError:
        return 0.0


def _fill(template: str, fields: Mapping[str, str]) -> str:
    """str.format for `{name}` fields only; a field not given stays as written."""
    return _FIELD.sub(lambda m: fields.get(m.group(1), m.group(0)), template)


class _Context:
    def __init__(self, lang: str, params: Params):
        self.lang = lang
        self._fields = {k: self._value(v) for k, v in params.items()}

    @property
    def fields(self) -> Mapping[str, str]:
        return self._fields

    def _value(self, value: str | int | float | None) -> str:
        if value is None or isinstance(value, str | bool):
            return str(value)
        return self.num(value)

    def num(self, value: float) -> str:
        # English as the library writes it (engine/wording.num); Indonesian the same
        # figure, grouped with '.' and a decimal ','.
        if self.lang == "en":
            return english_number(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return number(value, self.lang, grouped=True) if value else "0"

    def count(self, noun: str, n: int, values: Mapping[str, str] | None = None) -> str:
        one, many = NOUNS[noun]
        key, text = (f"{noun}.one", one) if n == 1 else (f"{noun}.many", many)
        return _fill(translate(self.lang, key, text), {**(values or {}), "n": self.num(n)})

    def phrase(self, key: str) -> str:
        return _fill(translate(self.lang, key, PHRASES[key]), self.fields)

    def fill(self, key: str, values: Mapping[str, str]) -> str:
        return _fill(translate(self.lang, key, PHRASES[key]), values)

    def short(self, value: float) -> str:
        if self.lang == "en":
            return f"{value:g}"
        return number(value, self.lang, grouped=False)

    def fixed(self, value: float, places: int, signed: bool = False) -> str:
        english = f"{value:{'+' if signed else ''},.{places}f}"
        # Indonesian swaps the marks: 1,234.500 -> 1.234,500.
        return english if self.lang == "en" else english.translate(_SWAP)

    def grouped(self, count: int) -> str:
        return number(count, self.lang, grouped=True)

    def km(self, value: float) -> str:
        english = km_text(value)
        return english if self.lang == "en" else english.translate(_SWAP)

    def tier(self, tier: str) -> str:
        return tier_name(tier, self.lang)

    def rule(self, rule: str) -> str:
        if self.lang == "en":
            return rule
        for key, english in RULES:
            match = rule_pattern(english).match(rule)
            if match:
                values = match.groupdict()
                if "tier" in values:
                    values["tier"] = self.tier(values["tier"])
                return _fill(translate(self.lang, key, english), values)
        return rule


# The wording of refused input (optimizer.i18n.problems: ~1 ms of patterns to import)
# loads on first use: a plan that nothing refuses never needs it.
_PROBLEMS = frozenset({"fix_text", "localize_problem", "localize_problems", "problem_text"})

if TYPE_CHECKING:
    from optimizer.i18n.problems import (
        fix_text,
        localize_problem,
        localize_problems,
        problem_text,
    )


def __getattr__(name: str) -> object:
    if name in _PROBLEMS:
        from optimizer.i18n import problems

        return getattr(problems, name)
    raise AttributeError(f"module 'optimizer.i18n' has no attribute {name!r}")


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "fix_text",
    "language_from_env",
    "localize_evaluation",
    "localize_messages",
    "localize_plan",
    "localize_problem",
    "localize_problems",
    "number",
    "pick_language",
    "problem_text",
    "render",
    "tier_label",
    "tier_name",
    "translations",
]
