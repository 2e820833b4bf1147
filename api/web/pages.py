"""The planner's page: `/` and the form actions behind it (htmx fragments or whole pages).

Every action reads the same form (input source, shipment, policy knobs, language),
runs the library in the solve pool (api/web/work.py) and answers with HTML. With
htmx (the `HX-Request` header) the answer is the results fragment; without
JavaScript the same URL answers with the whole page, so the form works either way.

The plan history actions (save, approve, diff) work on the plan store the service
opens (api/web/history.py); with BLANKO_API_KEY set every action needs the sign-in's
session cookie or the X-API-Key header (api/web/access.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from api import logs, routes, store_routes
from api.problems import FORM_LANG, PAGE_LANG_COOKIE, ApiProblem, listed_dataset
from api.settings import Settings
from api.web import access, history, labels, views, work
from api.web.render import environment, language
from api.workers import QueueFull, SolvePool
from optimizer import (  # write_plan_xlsx: the report writer issue 10 extends
    OptionRefused,
    Problem,
    i18n,
    policy_label,
    read_option,
    write_plan_xlsx,
)
from optimizer.i18n import cli as cli_words
from optimizer.i18n.notes import NOTES, WHY, notes_text
from optimizer.store import Store

# The page itself and its sign-in are open; every action behind them needs the key (or
# the session cookie the sign-in sets) when the server has one (api/web/access.py).
public = APIRouter(include_in_schema=False)
router = APIRouter(include_in_schema=False, dependencies=[Depends(access.require)])
# The page lists the bundled datasets a browser can draw; synthetic-national has ~84,000
# kelurahan, too many points for one SVG.
HIDDEN_DATASETS = frozenset({"synthetic-national"})
LANG_COOKIE = PAGE_LANG_COOKIE  # the errors of the page read it too (api.problems)


@dataclass(frozen=True)
class FormInput:
    source: work.Source
    knobs: work.Knobs
    lang: str
    values: dict[str, str]  # what the planner typed, to fill the form again


@public.get("/", response_class=HTMLResponse)
async def page(request: Request) -> Response:
    lang = language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
    response: Response
    if not access.allowed(request):
        response = _login(request, lang, refused=False)
    else:
        values = {"source": "dataset", "dataset": "palembang"}
        response = _page(request, lang, values, None)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


@router.post("/web/plan", response_class=HTMLResponse)
async def plan_action(request: Request) -> Response:
    done = await _planned(request)
    if isinstance(done, Response):
        return done
    form, outcome = done
    return _answer(request, form, "results.html", _plan_context(outcome, form.lang))


@router.post("/web/compare", response_class=HTMLResponse)
async def compare_action(request: Request) -> Response:
    done = await _attempt(request, work.compare)
    if isinstance(done, Response):
        return done
    form, outcome = done
    assert isinstance(outcome, work.Compared)
    return _answer(request, form, "compare.html", compare_context(outcome, form.lang))


def compare_context(outcome: work.Compared, lang: str) -> dict[str, Any]:
    """What compare.html shows of a comparison, in `lang`."""
    # Each policy's own label from the registry: described practice, reference point or
    # the engine (never "rules offices use today" for all of them).
    kinds = {name: policy_label(name).kind for name, _ in outcome.plans}
    floors = {name: views.kelurahan_floor(plan) for name, plan in outcome.plans}
    # An infeasible policy's row shows dashes and its bar no figure; why it is
    # infeasible, in the language.
    reasons = {name: [m.text for m in i18n.localize_messages(plan.messages, lang)
                      if m.level == "error"]
               for name, plan in outcome.plans if plan.status == "infeasible"}
    return {"comparison": outcome, "kinds": kinds, "chart": views.comparison_chart(outcome),
            "kelurahan": floors, "reasons": reasons}


@router.post("/web/report.xlsx")
async def report_action(request: Request) -> Response:
    """The plan as the XLSX report (optimizer's write_plan_xlsx) in the chosen language:
    sheet names, headers and the messages' text; every figure as in any language."""
    done = await _planned(request)
    if isinstance(done, Response):
        return done
    form, outcome = done
    if (stale := await _stale(request, outcome.plan.input_sha256)) is not None:
        return stale
    with tempfile.TemporaryDirectory(prefix="blanko-report-") as folder:
        path = Path(folder) / "plan.xlsx"
        write_plan_xlsx(i18n.localize_plan(outcome.plan, form.lang), path, outcome.instance,
                        outcome.policy, form.lang)
        content = path.read_bytes()
    name = f"blanko-{_slug(outcome.instance.name)}-{outcome.shipment.blanks}-{form.lang}.xlsx"
    return Response(content, media_type="application/vnd.openxmlformats-officedocument."
                                         "spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/web/letters", response_class=HTMLResponse)
async def letters_action(request: Request) -> Response:
    """One printable allocation letter per kecamatan office, in the chosen language."""
    done = await _planned(request)
    if isinstance(done, Response):
        return done
    form, outcome = done
    if (stale := await _stale(request, outcome.plan.input_sha256)) is not None:
        return stale
    template = environment(form.lang).get_template("letters.html")
    # An infeasible plan has no letters to print: the page says so and why (not a blank
    # page, and never a letter of 0 blanks).
    refused = [m.text for m in i18n.localize_messages(outcome.plan.messages, form.lang)
               if m.level == "error"] if outcome.plan.status == "infeasible" else []
    return HTMLResponse(template.render(lang=form.lang, title=outcome.letterhead,
                                        plan=outcome.plan,
                                        letters=views.letters(outcome.instance, outcome.plan),
                                        shipment=outcome.shipment, refused=refused))


@router.post("/web/language", response_class=HTMLResponse)
async def language_action(request: Request) -> Response:
    """The page in the other language with the form as the planner left it.

    The typed numbers stay as typed: every language reads them by the command line's
    rule (optimizer.read_option); the results shown (a plan or a comparison of a bundled
    dataset) are asked for again on load (htmx), in the new language. An upload
    cannot come along: a browser never fills a file field for a page.
    """
    form = await request.form()
    old = _form_language(request, form)
    lang = language(_text(form, "switch_lang"), old)
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "switch_lang"}
    values["lang"] = lang
    shown = _text(form, "shown")
    upload = _text(form, "source") == "upload"
    rerun = shown if shown in {"plan", "compare"} and not upload else ""
    # Results of an upload vanished without a word (tester qa10b): the page says why and
    # what to do.
    response = _page(request, lang, values, None, shown=rerun, rerun=rerun,
                     upload_dropped=upload and shown in {"plan", "compare"})
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


@router.get("/web/history", response_class=HTMLResponse)
async def history_fragment(request: Request) -> Response:
    """The plan history section: the kept plans, approve, and what changed between two."""
    return await _history(request, _query_language(request))


@router.post("/web/plans", response_class=HTMLResponse)
async def save_action(request: Request) -> Response:
    """Keep the form's plan in the store (as POST /v1/plans would); answer the history."""
    kept = _kept_store(request)
    form = await _form(request)
    if isinstance(form, list):
        return await _refused(request, form)
    settings: Settings = request.app.state.settings
    outcome = await _run_job(request, form.lang, work.keep, form.source, form.knobs,
                             routes.limits(settings), None)
    if isinstance(outcome, Response):
        return outcome
    if isinstance(outcome, work.Refused):
        return await _refused(request, list(outcome.problems))
    assert isinstance(outcome, work.Keep)
    made = json.loads(outcome.kept.kept).get("input_sha256") if outcome.kept.kept else None
    if (stale := await _stale(request, made)) is not None:
        return stale
    record = await asyncio.to_thread(kept.save_plan, store_routes._new_plan(
        outcome.body, outcome.kept, store_routes._caller(request)))
    notice = labels.say(form.lang, labels.SAVED, id=record.id)
    if request.headers.get("hx-request") != "true":
        return RedirectResponse(f"/?lang={form.lang}#history", status_code=303)
    return await _history(request, form.lang, notice=notice)


@router.post("/web/plans/{plan_id}/approve", response_class=HTMLResponse)
async def approve_action(request: Request, plan_id: str) -> Response:
    """Approve a kept plan; the store's status rules refuse with 409 and a sentence."""
    lang = _query_language(request)
    kept = _kept_store(request)
    try:
        refused_status = await history.approve(kept, plan_id, store_routes._caller(request))
    except history.NotFound:
        return await _history(request, lang, status=404,
                              refusal=labels.say(lang, labels.NO_PLAN, id=plan_id))
    except history.NotApprovable as error:
        return await _history(request, lang, status=409, refusal=labels.say(
            lang, labels.NOT_APPROVABLE, id=plan_id,
            result=i18n.translate(lang, "status", error.result)))
    if refused_status is not None:
        status = i18n.translate(lang, "plan-status", refused_status)
        return await _history(request, lang, status=409, refusal=labels.say(
            lang, labels.NOT_DRAFT, id=plan_id, status=status))
    notice = labels.say(lang, labels.APPROVED, id=plan_id)
    return await _history(request, lang, notice=notice)


@router.get("/web/plans/diff", response_class=HTMLResponse)
async def diff_fragment(request: Request, before: str = "", after: str = "") -> Response:
    """What changed between two kept plans: figures, and offices whose shipment changed."""
    lang = _query_language(request)
    kept = _kept_store(request)
    try:
        change, refused = await history.plan_diff(kept, before, after, lang)
    except history.NotFound as error:
        text = labels.say(lang, labels.NO_PLAN, id=error.id)
        return HTMLResponse(f'<div class="problems" role="alert"><p>{escape(text)}</p></div>',
                            status_code=404)
    # An infeasible plan has no figures: every figure is listed with a dash on its side
    # and no change (never "no change"), and no office table (nothing to change from).
    # Figures as the CLI writes them (optimizer.i18n.cli.kpi_figures): counts grouped and
    # whole, a change signed, coverage in % and its change in points. An office one plan
    # does not have (plans of different instances) is a dash on that side and in the
    # change, never 0 blanks, and is listed: it differs.
    kpis = []
    for k in change.kpis:
        if not (k.change or refused or (k.before is None) != (k.after is None)):
            continue
        before_text, after_text, change_text = cli_words.kpi_figures(
            k.kpi, k.before, k.after, k.change, lang)
        kpis.append((k, labels.kpi_label(lang, k.kpi)[0], before_text, after_text,
                     change_text))
    offices = [(o, _blanks(o.blanks_before, lang), _blanks(o.blanks_after, lang),
                "—" if o.change is None else ("+" if o.change >= 0 else "-")
                + i18n.number(abs(o.change), lang))
               for o in change.offices if o.change != 0]
    body = environment(lang).get_template("plan_diff.html").render(
        lang=lang, change=change, refused=refused, kpis=kpis, offices=offices)
    return HTMLResponse(body)


@public.post("/web/login", response_class=HTMLResponse)
async def login_action(request: Request) -> Response:
    """The API key typed once: a session cookie for the page (never the key itself)."""
    form = await request.form()
    lang = _form_language(request, form)
    settings: Settings = request.app.state.settings
    token = access.session_token(settings)
    if token is None:
        return RedirectResponse(f"/?lang={lang}", status_code=303)
    if not access.key_matches(settings, _text(form, "key")):
        refused = _login(request, lang, refused=True)
        refused.status_code = 401
        return refused
    response = RedirectResponse(f"/?lang={lang}", status_code=303)
    response.set_cookie(access.COOKIE, token, max_age=settings.page_session_s, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


@public.get("/web", include_in_schema=False)
async def web_root() -> Response:
    return RedirectResponse("/")


# --------------------------------------------------------------------------- helpers


def _page(request: Request, lang: str, values: dict[str, str], body: str | None,
          shown: str = "", rerun: str = "", upload_dropped: bool = False) -> Response:
    """The whole page; `shown` names the results in `body` ('plan', 'compare'), `rerun`
    the results to ask for again on load (after a language switch); `upload_dropped`
    says that the results of an upload are not carried over to the other language."""
    names = [n for n in request.app.state.dataset_names if n not in HIDDEN_DATASETS]
    template = environment(lang).get_template("page.html")
    html = template.render(lang=lang, datasets=names, values=values, results=body,
                           history=history.available(request.app), shown=shown, rerun=rerun,
                           upload_dropped=upload_dropped)
    response = HTMLResponse(html)
    response.headers["Content-Language"] = lang
    return response


def _login(request: Request, lang: str, refused: bool) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    hours = settings.page_session_s / 3600  # 12 hours, or 0.5 for 1,800 s
    shown = i18n.number(int(hours) if hours.is_integer() else round(hours, 1), lang)
    html = environment(lang).get_template("login.html").render(lang=lang, refused=refused,
                                                                hours=shown)
    response = HTMLResponse(html)
    response.headers["Content-Language"] = lang
    return response


def _answer(request: Request, form: FormInput, name: str, context: dict[str, Any]) -> Response:
    body = environment(form.lang).get_template(name).render(lang=form.lang, **context)
    if request.headers.get("hx-request") == "true":
        response = HTMLResponse(body)
        response.headers["Content-Language"] = form.lang
        return response
    shown = {"results.html": "plan", "compare.html": "compare"}.get(name, "")
    return _page(request, form.lang, form.values, body, shown=shown)


# The plan shown and the form: the results carry the shown plan's input_sha256 in the form
# (results.html, `shown_input`); saving, downloading or printing re-plans the form as it is.
# Changed since (the blanks, the travel limit, another file), that is a plan nobody has seen,
# kept or printed under the one shown (tester qa11: a 3 km travel limit typed after the
# plan of 8 km was saved, listed as the same dataset and blanks, and could be approved).
STALE_PLAN = Problem(location="shown_input",
                     message="the form was changed after the plan shown was made (the "
                             "shipment, the policy or the files): it is not the plan that "
                             "would be saved, downloaded or printed",
                     fix="press Plan to see the plan of the form as it is now, then save, "
                         "download or print that plan")


async def _stale(request: Request, made: str | None) -> Response | None:
    """The refusal when the form's plan (`made`: its input_sha256) is not the plan shown."""
    shown = (await request.form()).get("shown_input")
    if isinstance(shown, str) and shown and made is not None and shown != made:
        return await _refused(request, [STALE_PLAN], plan_shown=shown)
    return None


async def _refused(request: Request, problems: list[Problem],
                   plan_shown: str = "") -> Response:
    form = await request.form()
    lang = _form_language(request, form)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    # The words in the language; file, row and column stay the reader's (the template
    # says "row" and "column" itself). A form field is named by its label on the page and
    # says what to type; a fix that names the CLI's --locale names the form's choice.
    shown = [p.model_copy(update={
        "location": _field_label(p.location, lang),
        "message": i18n.problem_text(p.message, lang),
        "fix": i18n.fix_text(_page_fix(p), lang)}) for p in problems]
    # "Fix these cells in your file" only when a file was sent and a cell of it is wrong.
    in_file = _text(form, "source") == "upload" and any(
        p.location not in FORM_LOCATIONS for p in problems)
    body = environment(lang).get_template("problems.html").render(
        lang=lang, groups=views.problem_groups(shown), in_file=in_file)
    if plan_shown:  # still the plan seen last: pressing Save again is refused again
        body += (f'<input type="hidden" name="shown_input" value="{escape(plan_shown)}" '
                 f'form="planner">')
    if request.headers.get("hx-request") == "true":
        # htmx swaps only 2xx; the fragment says why, in the results (also for a save,
        # whose button targets the history section).
        return HTMLResponse(body, status_code=200, headers={"HX-Retarget": "#results"})
    response = _page(request, lang, values, body)
    response.status_code = 422
    return response


# Locations that are the form's own (its fields, the dataset, the file chooser).
FORM_LOCATIONS = frozenset({"blanks", "reserve", "lot_size", "max_travel_km", "dataset", "file",
                            "locale", "shown_input"})
# Each number field's label on the page (page.html), the catalog's msgid.
FIELD_LABELS = {"blanks": "Blanks in this shipment",
                "reserve": "Reserve kept at the central office",
                "lot_size": "Lot size (ship whole lots of)",
                "max_travel_km": "Travel limit outside one's own kecamatan (km)"}
# The readers' fixes that name the command line's --locale, as the page says them.
_FIXES = dict(i18n.problems.FIXES)
PAGE_FIXES = {_FIXES[f"fix.{said}"]: _FIXES[f"fix.{page_words}"] for said, page_words in (
    ("ambiguous_number", "page_ambiguous"), ("locale", "page_locale"),
    ("json_locale", "page_json_locale"),
    ("long_distance_id", "page_long_distance_id"), ("long_distance_en", "page_long_distance_en"),
    ("read_dotted", "page_read_dotted"), ("read_commaed", "page_read_commaed"))}
# A missing tier column's fix names the CLI's --tiers: the page's names the tiers table;
# an instance sent as a dataset's answer is planned by the page's 'Dataset' choice. (Each
# fix of the catalog naming an option of the command line has the page's words:
# tests/web/test_page_fixes.py.)
_TIER_COLUMN_FIX = i18n.problems._pattern(_FIXES["fix.add_tier_column"])
_PATTERNED_FIXES = tuple((i18n.problems._pattern(_FIXES[f"fix.{said}"]), page_words)
                         for said, page_words in (
                             ("rename_or_add_tier_column", "page_rename_or_add_tier_column"),
                             ("dataset_wrapper", "page_dataset_wrapper")))


# The form's other controls a problem may be of (the files chosen: two files of one
# table, no sites table; the dataset), by their labels on the page (page.html).
CONTROL_LABELS = {"file": "Workbook (.xlsx from blanko template) or CSV files",
                  "dataset": "Dataset", "locale": "How your files write numbers",
                  "shown_input": "Results"}


def _field_label(location: str, lang: str) -> str:
    label = FIELD_LABELS.get(location) or CONTROL_LABELS.get(location)
    if label is not None:
        return i18n.gettext_for(lang, label)
    if views._LOCATED.match(location):
        return location  # file, row and column: the template says "row" and "column"
    return i18n.problems.location_text(location, lang)  # 'x.json at /areas/2/lat', 'numbers'



def _page_fix(problem: Problem) -> str:
    if problem.location in RANGES and not problem.fix:
        return field_fix(problem.location)
    from optimizer import page_fix

    tier = _TIER_COLUMN_FIX.match(problem.fix)
    if tier is not None:
        return _FIXES["fix.page_add_tier_column"].replace("{tier}", tier["tier"])
    for pattern, page_words in _PATTERNED_FIXES:
        found = pattern.match(problem.fix)
        if found is not None:
            text = _FIXES[f"fix.{page_words}"]
            for key, value in found.groupdict().items():
                text = text.replace("{" + key + "}", value)
            return text
    return PAGE_FIXES.get(problem.fix) or page_fix(problem.fix) or problem.fix


async def _attempt(request: Request, job: Any) -> tuple[FormInput, Any] | Response:
    """The form read and `job` run on it; the page of located problems if either refuses."""
    form = await _form(request)
    if isinstance(form, list):
        return await _refused(request, form)
    outcome = await _run(request, form.lang, job, form.source, form.knobs)
    if isinstance(outcome, Response):
        return outcome
    if isinstance(outcome, work.Refused):
        return await _refused(request, list(outcome.problems))
    return form, outcome


async def _planned(request: Request) -> tuple[FormInput, work.Planned] | Response:
    """The form's plan (plan, XLSX report and letters all start from it)."""
    done = await _attempt(request, work.plan)
    if isinstance(done, Response):
        return done
    form, outcome = done
    assert isinstance(outcome, work.Planned)
    return form, outcome


async def _run(request: Request, lang: str, job: Any, source: work.Source,
               knobs: work.Knobs) -> Any:
    settings: Settings = request.app.state.settings
    return await _run_job(request, lang, job, source, knobs, settings.max_time_limit_s)


async def _run_job(request: Request, lang: str, job: Any, *args: Any) -> Any:
    """The job's outcome; or, under the same admission rule as the /v1 routes (queue
    full, or every solver running a job older than BLANKO_QUEUE_WAIT_S or the request's
    `Prefer: wait`), the 503 answer with Retry-After and a sentence in `lang`."""
    pool: SolvePool = request.app.state.pool
    wait = routes.patience(request)
    try:
        routes.refuse_early(pool, wait)
        async with pool.admission():
            outcome = await pool.run(job, *args, patience_s=wait)
    except QueueFull as refused:  # Busy too: every solver stuck on long work
        return _busy(request, lang, wait, refused.retry_after)
    if isinstance(outcome, work.Crashed):
        logs.event("page_job_failed", logging.ERROR,
                   request_id=getattr(request.state, "request_id", None),
                   traceback=outcome.error)
        raise ApiProblem(500, "internal-error", "Internal error",
                         "The server failed to plan this input.")
    return outcome


def _busy(request: Request, lang: str, wait: float, retry_after: int) -> Response:
    """503 with Retry-After: with htmx a JSON body whose `detail` the page shows (app.js,
    as for any failed request), else the whole page with the sentence in the results."""
    seconds = int(wait) if float(wait).is_integer() else wait
    text = labels.say(lang, labels.BUSY, "page", wait=i18n.number(seconds, lang),
                      retry=str(retry_after))
    headers = {"Retry-After": str(retry_after), "Content-Language": lang}
    if request.headers.get("hx-request") == "true":
        return JSONResponse({"type": "/problems/busy", "status": 503, "detail": text},
                            status_code=503, headers=headers,
                            media_type="application/problem+json")
    body = f'<div class="problems" role="alert"><p>{escape(text)}</p></div>'
    values = {"source": "dataset", "dataset": "palembang"}
    response = _page(request, lang, values, body)
    response.status_code = 503
    response.headers.update(headers)
    return response


def _kept_store(request: Request) -> Store:
    kept = history.store(request.app)
    if kept is None:
        raise ApiProblem(503, "not-ready", "Not ready", "The plan store is not open.",
                         headers={"Retry-After": "1"})
    return kept


def _query_language(request: Request) -> str:
    return language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


async def _history(request: Request, lang: str, *, status: int = 200, notice: str = "",
                   refusal: str = "") -> Response:
    rows = await history.rows(_kept_store(request))
    body = environment(lang).get_template("history.html").render(
        lang=lang, rows=rows, notice=notice, refusal=refusal)
    response = HTMLResponse(body, status_code=status)
    response.headers["Content-Language"] = lang
    return response


# The reader's notes that name the command line's --tiers and --locale, as the page says
# them: (the note's English ending, the page's).
_WHY = dict(WHY)
_NOTES = dict(NOTES)
PAGE_NOTES = ((_WHY["note.why.unknown_tiers"].split("{tiers}")[1] + ")",
               _WHY["note.why.page_unknown_tiers"].split("{tiers}")[1] + ")"),
              (_NOTES["note.locale"].split("({why})")[1],
               _NOTES["note.page_locale"].split("({why})")[1]))


def page_notes(notes: tuple[str, ...]) -> tuple[str, ...]:
    """The reader's notes (English) worded for the page: no --tiers, the tiers table; no
    --locale, the form's choice of how the files write numbers."""
    out = []
    for note in notes:
        for said, page_words in PAGE_NOTES:
            if note.endswith(said):
                note = note[:-len(said)] + page_words
        out.append(note)
    return tuple(out)


def _plan_context(outcome: work.Planned, lang: str) -> dict[str, Any]:
    instance, plan = outcome.instance, outcome.plan
    sites = views.site_rows(instance, plan)
    return {"title": labels.dataset_title(lang, outcome.title), "shipment": outcome.shipment,
            "policy": outcome.policy,
            "estimated": outcome.estimated,
            "read_notes": notes_text(page_notes(outcome.notes), lang),
            "plan": plan, "summary": views.summary(plan, outcome.policy),
            "messages": i18n.localize_messages(plan.messages, lang),
            "districts": views.district_rows(instance, plan, outcome.policy), "sites": sites,
            "central": views.central_rows(instance, plan),
            "second_printer": views.second_printer(sites),
            "printer_limit": views.printer_limit(instance, plan),
            "map": views.map_view(instance, plan)}


def _form_language(request: Request, form: FormData) -> str:
    """The language of the page that sent `form` (its `lang`, else the cookie, else
    Bahasa Indonesia). A `lang` the form states is kept in the request's state too, so
    that any problem answering the request later (a 500 of the app, api.problems.
    problem_language) is in that language, not the cookie's or the browser's."""
    sent = _text(form, "lang")
    if sent and sent == language(sent):
        request.scope.setdefault("state", {})[FORM_LANG] = sent
    return language(sent, request.cookies.get(LANG_COOKIE))


async def _form(request: Request) -> FormInput | list[Problem]:
    """The form's fields checked; a list of located problems when any is wrong."""
    form = await request.form()
    lang = _form_language(request, form)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    problems: list[Problem] = []
    blanks = _whole(form, "blanks", problems)
    reserve = _whole(form, "reserve", problems)
    lot_size = _whole(form, "lot_size", problems)
    travel = _decimal(form, "max_travel_km", problems)
    equity = _text(form, "equity") in {"on", "true", "1"}
    # Every field's range at once (the schema's), so that one answer names every bad field.
    problems.extend(_out_of_range(blanks, reserve, lot_size, travel))
    if _text(form, "source") == "upload":
        uploads = tuple([work.Upload(f.filename or "upload", await f.read())
                         for f in form.getlist("file")
                         if isinstance(f, UploadFile) and f.filename])
        locale = _text(form, "locale")
        source = work.Source(uploads=uploads,
                             locale="id" if locale == "id" else "en" if locale == "en" else None)
    else:
        typed = _text(form, "dataset")
        name = listed_dataset(typed, request.app.state.dataset_names) or typed
        if name not in request.app.state.dataset_names:
            problems.append(Problem(location="dataset", message=f"unknown dataset '{name}'"))
        source = work.Source(dataset=name)
    if problems:
        return problems
    # An empty field takes the default; a typed 0 stays 0 (and Policy refuses a lot of 0).
    knobs = work.Knobs(blanks=blanks, reserve=0 if reserve is None else reserve,
                       lot_size=1 if lot_size is None else lot_size, max_travel_km=travel,
                       equity=equity)
    return FormInput(source, knobs, lang, values)


# The form's number fields and what the schema takes (Shipment.blanks and Policy's knobs):
# (least, most, whole); a travel limit must be above 0.
RANGES: dict[str, tuple[int, int, bool]] = {
    "blanks": (0, 10**12, True), "reserve": (0, 10**12, True), "lot_size": (1, 10**12, True),
    "max_travel_km": (0, 1000, False)}


def _out_of_range(blanks: int | None, reserve: int | None, lot_size: int | None,
                  travel: float | None) -> list[Problem]:
    """The typed values the schema refuses (Shipment, Policy), all of them, each with
    what to type; a field left empty or not a number (already refused) is not checked."""
    from pydantic import ValidationError

    from optimizer import Policy, Shipment, problems_from

    found: list[Problem] = []
    if blanks is not None:
        try:
            Shipment(blanks=blanks)
        except ValidationError as error:
            found += problems_from(error)
    knobs = {k: v for k, v in (("reserve", reserve), ("lot_size", lot_size),
                               ("max_travel_km", travel)) if v is not None}
    try:
        Policy(**knobs)
    except ValidationError as error:
        found += problems_from(error)
    return found


def field_fix(field: str) -> str:
    """What to type in a form field (English; i18n.fix_text writes it in the language):
    'type a whole number from 0 to 1,000,000,000,000'."""
    least, most, whole = RANGES[field]
    if whole:
        return f"type a whole number from {least:,} to {most:,}"
    return f"type a number above {least:,} and at most {most:,}"


def _blanks(value: int | None, lang: str) -> str:
    """Blanks to an office in a diff: grouped, or a dash when that plan has no figure for
    it (infeasible, or no such office)."""
    return "—" if value is None else i18n.number(value, lang)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _whole(form: FormData, name: str, problems: list[Problem]) -> int | None:
    """A count typed as the command line takes it (40000; never 40.000 or 40,000)."""
    value = _number(form, name, True, problems)
    return None if value is None else int(value)


def _decimal(form: FormData, name: str, problems: list[Problem]) -> float | None:
    """A number typed as the command line takes it (8.5; 1.000 and 8,500 refused)."""
    value = _number(form, name, False, problems)
    return None if value is None else float(value)


def _number(form: FormData, name: str, whole: bool,
            problems: list[Problem]) -> int | float | None:
    # The command line's rule for its options, in every language of the page
    # (optimizer.read_option): a number either locale reads another way
    # (1.000 km: 1000 or 1) is refused with what to type, never read as one of them.
    text = _text(form, name)
    if not text:
        return None
    try:
        return read_option(text, whole)
    except OptionRefused as refused:
        message = refused.message if refused.separated is not None else \
            f"{refused.message}, got '{refused.typed}'"
        problems.append(Problem(location=name, message=message, fix=refused.fix))
        return None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "plan"
