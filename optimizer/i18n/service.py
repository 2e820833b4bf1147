"""The HTTP service's problem+json `title` and `detail` in Bahasa Indonesia.

The service (api/) builds each problem in English, as RFC 9457 details with values in
them: `Unknown dataset` / `There is no dataset 'bandung' (known: palembang, ...).`.
As optimizer.i18n.problems does for input problems, this module reads the values back
out of the English with each sentence's pattern and writes the catalog's sentence in
the language with the same values: ids, names, settings (BLANKO_*), header names and
routes stay as written; figures are written the language's way (5.000.000; 1,5).

English is the service's own text, unchanged (byte-identical), and the default. A
title or detail this table does not know stays English in any language;
tests/i18n/test_service.py raises the service's problems through a real app and checks
each one is known. The `type` URI, `status`, pointers and field names never change.

Strings are marked `N_(context, text)` for `pybabel extract -k N_:1c,2` (babel.cfg).
"""

from __future__ import annotations

import functools
import re

from optimizer.i18n.messages import N_

# Titles: one short phrase a status or kind (api/problems.py, api/main.py, routes).
TITLES: tuple[str, ...] = (
    N_("problem.title", "Bad request"),
    N_("problem.title", "Busy"),
    N_("problem.title", "CORS preflight refused"),
    N_("problem.title", "Deadline exceeded"),
    N_("problem.title", "Error"),
    N_("problem.title", "Internal error"),
    N_("problem.title", "Invalid input"),
    N_("problem.title", "Job lost"),
    N_("problem.title", "Method not allowed"),
    N_("problem.title", "No result"),
    N_("problem.title", "Not acceptable"),
    N_("problem.title", "Not found"),
    N_("problem.title", "Not ready"),
    N_("problem.title", "Plan cannot be approved"),
    N_("problem.title", "Problem too large"),
    N_("problem.title", "Request body too large"),
    N_("problem.title", "Request body too slow"),
    N_("problem.title", "Request timeout"),
    N_("problem.title", "Shutting down"),
    N_("problem.title", "Solver crashed"),
    N_("problem.title", "Store unavailable"),
    N_("problem.title", "Unauthorized"),
    N_("problem.title", "Unknown dataset"),
    N_("problem.title", "Unknown job"),
    N_("problem.title", "Unknown plan"),
    N_("problem.title", "Unsupported media type"),
    N_("problem.title", "Wrong status"),
)

# Details, each under its own context. Fields in _FIGURES are numbers; the others stay
# exactly as the English gives them.
DETAILS: tuple[tuple[str, str], ...] = (
    ("problem.detail.internal", N_(
        "problem.detail.internal",
        "The server failed to handle this request; it has been logged with the request id.")),
    ("problem.detail.web_internal", N_("problem.detail.web_internal",
                                       "The server failed to plan this input.")),
    ("problem.detail.invalid", N_("problem.detail.invalid", "The request is not valid.")),
    ("problem.detail.cannot_plan", N_("problem.detail.cannot_plan",
                                      "The input cannot be planned.")),
    ("problem.detail.repeated_key", N_("problem.detail.repeated_key",
                                       "The body repeats a key in one object.")),
    ("problem.detail.not_finite", N_("problem.detail.not_finite",
                                     "The body holds a number JSON does not allow.")),
    ("problem.detail.not_json", N_("problem.detail.not_json", "The body is not valid JSON.")),
    ("problem.detail.over_limits", N_("problem.detail.over_limits",
                                      "The request is larger than this server's limits.")),
    ("problem.detail.too_large", N_("problem.detail.too_large",
                                    "The problem is too large for this server.")),
    ("problem.detail.async_only", N_(
        "problem.detail.async_only",
        "Dataset '{name}' is too large to plan in a synchronous request; submit it as an "
        "asynchronous job (POST /v1/jobs).")),
    ("problem.detail.no_dataset", N_("problem.detail.no_dataset",
                                     "There is no dataset '{name}' (known: {known}).")),
    ("problem.detail.unknown_dataset", N_("problem.detail.unknown_dataset",
                                          "unknown dataset '{name}' (known: {known})")),
    ("problem.detail.body_limit", N_(
        "problem.detail.body_limit",
        "The request body is larger than the limit of {limit} bytes.")),
    ("problem.detail.api_key", N_("problem.detail.api_key",
                                  "The X-API-Key header is missing or wrong.")),
    ("problem.detail.sign_in", N_("problem.detail.sign_in",
                                  "Sign in on the page with the API key first (or send "
                                  "X-API-Key).")),
    ("problem.detail.no_solver", N_("problem.detail.no_solver", "No solver process is alive.")),
    ("problem.detail.not_up", N_("problem.detail.not_up", "The solver processes are not up.")),
    ("problem.detail.no_store", N_("problem.detail.no_store", "The plan store is not open.")),
    ("problem.detail.store_down", N_("problem.detail.store_down",
                                     "The database of the plan store cannot be reached; retry "
                                     "later (the log of the server has the cause).")),
    ("problem.detail.media_type", N_("problem.detail.media_type",
                                     "The body must be application/json, not '{media}'.")),
    ("problem.detail.encoding", N_("problem.detail.encoding",
                                   "The body must be sent uncompressed, not with "
                                   "Content-Encoding '{encoding}'.")),
    ("problem.detail.memory", N_(
        "problem.detail.memory",
        "Solving this request needed more than the {limit} MiB a solver process may use "
        "(BLANKO_SOLVER_MEMORY_MB).")),
    ("problem.detail.idempotency", N_("problem.detail.idempotency",
                                      "The Idempotency-Key was used with another body.")),
    ("problem.detail.no_result", N_("problem.detail.no_result",
                                    "Job {id} is {status}: only a succeeded job has a result.")),
    ("problem.detail.no_such", N_("problem.detail.no_such", "there is no {what} '{id}'.")),
    # Before wrong_status, whose pattern would match it too (and say it half English).
    ("problem.detail.not_approvable", N_(
        "problem.detail.not_approvable",
        "Plan '{id}' is {result}: only an optimal or feasible plan can be {action}. Plan the "
        "shipment again with input that can be met (more blanks, a smaller reserve, or what "
        "the plan's messages name) and approve that plan; this one stays kept.")),
    ("problem.detail.wrong_status", N_(
        "problem.detail.wrong_status",
        "{what} '{id}' is {status}: only a {what_again} that is {allowed} can be {action}.")),
    ("problem.detail.queue_full", N_("problem.detail.queue_full",
                                     "Every solver is busy and the queue is full.")),
    ("problem.detail.jobs_full", N_(
        "problem.detail.jobs_full",
        "{queued} jobs are queued already, as many as the server takes "
        "(BLANKO_MAX_QUEUED_JOBS {limit}); retry after the time in Retry-After, when some "
        "have run.")),
    ("problem.detail.busy", N_(
        "problem.detail.busy",
        "Every solver has been running a job for more than {seconds} s, the longest this "
        "request waits (BLANKO_QUEUE_WAIT_S, or its Prefer: wait); those jobs may run until "
        "their deadlines. Retry after the time in Retry-After, or submit an asynchronous job "
        "(POST /v1/jobs).")),
    ("problem.detail.crashed", N_(
        "problem.detail.crashed",
        "The solver process handling this request stopped; it is being replaced.")),
    ("problem.detail.crashed_memory", N_(
        "problem.detail.crashed_memory",
        "The solver process handling this request stopped (signal {signal}); it may have "
        "needed more than the {limit} MiB a solver process may use (BLANKO_SOLVER_MEMORY_MB). "
        "It is being replaced.")),
    ("problem.detail.deadline", N_(
        "problem.detail.deadline",
        "The job ran past its hard deadline ({seconds} s: its time limit plus "
        "BLANKO_DEADLINE_GRACE_S); its solver was stopped and is being replaced.")),
    ("problem.detail.stopping", N_("problem.detail.stopping",
                                   "The server is stopping; retry (another instance may "
                                   "answer).")),
    ("problem.detail.body_slow", N_(
        "problem.detail.body_slow",
        "{received} bytes of the body arrived in {seconds} s; a body must arrive within "
        "{timeout} s (BLANKO_BODY_TIMEOUT_S) and, after {grace} s, at {rate} bytes/s at least "
        "(BLANKO_BODY_MIN_BYTES_PER_S).")),
    ("problem.detail.readers", N_("problem.detail.readers",
                                  "Too many request bodies are arriving at once "
                                  "(BLANKO_MAX_BODY_READERS).")),
    ("problem.detail.not_found", N_("problem.detail.not_found", "Not Found")),
    # A failed job's detail (api/store_routes.JobRunner, optimizer/store/repository.py's
    # lost jobs): kept in English, read back in the language of whoever reads the job.
    ("problem.detail.job_crashed", N_(
        "problem.detail.job_crashed",
        "The solver process running this job stopped (solver process {pid} stopped (exit "
        "code {code})): it was killed or ran out of memory.")),
    ("problem.detail.job_crashed_other", N_(
        "problem.detail.job_crashed_other",
        "The solver process running this job stopped ({error}): it was killed or ran out "
        "of memory.")),
    ("problem.detail.job_deadline", N_(
        "problem.detail.job_deadline",
        "The job ran past its deadline and was stopped (the job ran past its deadline of "
        "{seconds} s).")),
    ("problem.detail.job_internal", N_("problem.detail.job_internal",
                                       "The server failed to run this job; it has been "
                                       "logged.")),
    ("problem.detail.job_solver", N_("problem.detail.job_solver",
                                     "The solver failed on this job; it has been logged.")),
    ("problem.detail.job_memory", N_(
        "problem.detail.job_memory",
        "Solving this job needed more memory than a solver process may use "
        "(BLANKO_SOLVER_MEMORY_MB).")),
    ("problem.detail.job_lost_process", N_(
        "problem.detail.job_lost_process",
        "The server process running this job ({owner}) stopped before it finished.")),
    ("problem.detail.job_lost_quiet", N_(
        "problem.detail.job_lost_quiet",
        "The server running this job ({owner}) has not been heard from for over {seconds} "
        "s: it stopped before the job finished.")),
    ("problem.detail.method", N_("problem.detail.method", "Method Not Allowed")),
)
# errors[].message of problems the service writes itself (not pydantic's: see
# optimizer.i18n.validation), read back as the details are.
MESSAGES: tuple[tuple[str, str], ...] = (
    ("problem.message.no_such", N_("problem.message.no_such", "there is no {what} '{id}'")),
    ("problem.message.unknown_site_similar", N_(
        "problem.message.unknown_site_similar",
        "site '{site}' is not in the instance: did you mean {same}? It differs only in "
        "letter case, invisible characters or the form of its characters")),
    ("problem.message.unknown_site", N_("problem.message.unknown_site",
                                        "site '{site}' is not in the instance")),
    ("problem.message.pinned_twice", N_("problem.message.pinned_twice",
                                        "site '{site}' is pinned twice")),
    ("problem.message.no_query_parameters", N_(
        "problem.message.no_query_parameters",
        "there is no query parameter '{name}' here: this route takes none; leave it out")),
    ("problem.message.unknown_query_parameter", N_(
        "problem.message.unknown_query_parameter",
        "there is no query parameter '{name}' here (this route takes {known}); correct its "
        "name or leave it out")),
    ("problem.message.query_parameter_twice", N_(
        "problem.message.query_parameter_twice",
        "query parameter '{name}' is given {count} times; give it once")),
    ("problem.message.query_not_utf8", N_(
        "problem.message.query_not_utf8",
        "query parameter '{name}' is not UTF-8 text once its %-escapes are read ({value}); "
        "percent-encode the text's UTF-8 bytes (é is %C3%A9)")),
    ("problem.message.plan_idempotency_key", N_(
        "problem.message.plan_idempotency_key",
        "POST /v1/plans does not take an Idempotency-Key, so a retry would keep the plan "
        "twice; send it as a job (POST /v1/jobs with \"kind\": \"plan\"), whose retries "
        "with the key find the same job, or leave the header out")),
    ("problem.message.replay_shipment", N_(
        "problem.message.replay_shipment",
        "a replay takes no shipment: the schedule gives every tranche's blanks; leave it "
        "out")),
    ("problem.message.policy_twice", N_("problem.message.policy_twice",
                                        "policy '{name}' is listed twice (first at "
                                        "/policies/{first}); list each policy once")),
)
# The tail api.problems.problem_response adds when it cuts a long error list.
CUT = N_("problem.detail.cut", " ({count} errors, the first {shown} listed)")
# Words inside details: a store object, a job or plan status, an action.
WORDS: tuple[tuple[str, str], ...] = (
    ("object", N_("object", "plan")), ("object", N_("object", "job")),
    ("plan-status", N_("plan-status", "draft")), ("plan-status", N_("plan-status", "approved")),
    ("plan-status", N_("plan-status", "published")),
    ("plan-status", N_("plan-status", "superseded")),
    ("job-status", N_("job-status", "queued")), ("job-status", N_("job-status", "running")),
    ("job-status", N_("job-status", "succeeded")), ("job-status", N_("job-status", "failed")),
    ("job-status", N_("job-status", "cancelled")),
    ("action", N_("action", "approved")), ("action", N_("action", "published")),
    ("action", N_("action", "cancelled")),
)
# Sentences whose English wording differs from the catalog's msgid: matched by this
# pattern instead (the store writes "only an approved plan"; the msgid has no article,
# which no other language needs as a field).
_MATCH = {"problem.detail.wrong_status":
          "{what} '{id}' is {status}: only {article} {allowed} {what_again} can be {action}."}
OR = N_("problem.detail", " or ")  # between two statuses: "queued or running"
_FIGURES = frozenset({"limit", "queued", "seconds", "received", "timeout", "grace", "rate",
                      "count", "shown"})
_WORD_FIELDS = {"what": "object", "what_again": "object", "status": "status",
                "allowed": "status", "action": "action", "result": "result"}
_ONE_WORD = frozenset({"what", "what_again"})  # plan, job
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def problem_title(title: str, lang: str) -> str:
    """A problem's title in `lang`; a title the catalog does not know stays as written."""
    if lang == "en":
        return title
    from optimizer.i18n import translate

    return translate(lang, "problem.title", title)


def problem_detail(detail: str, lang: str) -> str:
    """A problem's detail in `lang`, its values kept; an unknown detail stays as written."""
    if lang == "en" or not detail:
        return detail
    from optimizer.i18n import translate

    for context, english in DETAILS:
        match = _pattern(_MATCH.get(context, english)).match(detail)
        if match:
            values = {name: _value(name, value, lang)
                      for name, value in match.groupdict().items()}
            return _fill(translate(lang, context, english), values)
    return detail


def problem_message(message: str, lang: str) -> str:
    """An errors[].message the service wrote (MESSAGES) in `lang`, its values kept; any
    other message (already in `lang`, or unknown) stays as written."""
    if lang == "en" or not message:
        return message
    from optimizer.i18n import translate

    for context, english in MESSAGES:
        match = _pattern(english).match(message)
        if match:
            values = {name: _value(name, value, lang)
                      for name, value in match.groupdict().items()}
            return _fill(translate(lang, context, english), values)
    return message


def cut_note(count: int, shown: int, lang: str) -> str:
    """' (250 errors, the first 100 listed)' in `lang`."""
    if lang == "en":
        return _fill(CUT, {"count": str(count), "shown": str(shown)})
    from optimizer.i18n import number, translate

    return _fill(translate(lang, "problem.detail.cut", CUT),
                 {"count": number(count, lang), "shown": number(shown, lang)})


def _value(name: str, value: str, lang: str) -> str:
    if name in _FIGURES and _NUMBER.match(value):
        from optimizer.i18n import number

        return number(float(value) if "." in value else int(value), lang)
    context = _WORD_FIELDS.get(name)
    if context is None:
        return value
    from optimizer.i18n import translate

    if context == "result":  # a plan's own status: optimal, feasible, infeasible
        return translate(lang, "status", value)
    if context == "status":  # a plan's or a job's ("queued or running"): each word
        return translate(lang, "problem.detail", " or ").join(
            _status(word, lang) for word in value.split(" or "))
    return translate(lang, context, value)


def _status(word: str, lang: str) -> str:
    from optimizer.i18n import translate

    for context in ("plan-status", "job-status"):
        found = translate(lang, context, word)
        if found != word:
            return found
    return word


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


@functools.lru_cache(maxsize=64)
def _pattern(template: str) -> re.Pattern[str]:
    """The English sentence as a regex, one named group a field."""
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else
                    (rf"(?P<{p}>an?)" if p == "article" else
                     rf"(?P<{p}>\w+)" if p in _ONE_WORD else rf"(?P<{p}>.+?)")
                    for i, p in enumerate(parts))
    return re.compile(f"^{regex}$", re.S)


__all__ = ["cut_note", "problem_detail", "problem_message", "problem_title"]
