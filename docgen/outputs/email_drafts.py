"""``merge --email-drafts DIR``: one unsent e-mail per notice, for the client to review.

Each draft is an RFC 5322 message made with the standard :mod:`email` package,
marked ``X-Unsent: 1`` so that Outlook, Apple Mail and Thunderbird open it as a
draft to edit and send. It is addressed to the row's contact (the Contact Email
column, else the Contacts sheet's Email), with the notice attached; the subject
and body come from a small Jinja text template (``docgen init --email-template``
writes the default). docgen never sends anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, UndefinedError, meta
from jinja2.exceptions import SecurityError

from docgen.engine.results import MergeReport
from docgen.errors import EmailTemplateError
from docgen.files import write_atomic
from docgen.problems import Problem, Severity
from docgen.template import limits
from docgen.template.jinja_env import text_environment

TEMPLATE_NAME = "email-template.txt"
DEFAULT_TEMPLATE = """\
Subject: Draft Form 12b-25 ({{ edgar_form }}) for {{ registrant_name }}: please review

Dear {{ contact_name or "client" }},

Attached for your review is the draft notification of late filing on Form 12b-25
({{ edgar_form }}) of {% if period_ended %}{{ registrant_name }}, for the period ended
{{ period_ended }}.{% else %}{{ registrant_name|full_stop }}{% endif %}
{% if nt_due and nt_due_passed %}
The last day to file the notification was {{ nt_due }}{% if deadline_unconfirmed %} (a
deadline docgen could not confirm){% endif %}, and it has passed. Please call us as
soon as you can.
{% elif nt_due %}
The notification must be filed by {{ nt_due }}{% if deadline_unconfirmed %} (UNCONFIRMED:
docgen could not confirm this deadline; we are checking it){% endif %}. Please send
your comments, or your approval, as soon as you can.
{% endif %}
Thank you.
"""
MAX_TEMPLATE_BYTES = 64 << 10  # an e-mail, not a book
MAX_DRAFT_MB = 1
# What observe() adds to a row's values for the template.
_EXTRA_VARIABLES = ("nt_due_passed", "deadline_unconfirmed")
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


@dataclass
class EmailDrafts:
    """Renders each row's subject and body while the merge has its values, then writes."""

    folder: Path
    template_path: Path | None = None
    overwrite: bool = False
    today: dt.date = field(default_factory=dt.date.today)  # what "passed" is measured from
    _rendered: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise EmailTemplateError(f"--email-drafts {self.folder} is a file; give a folder "
                                     "for the drafts")
        text = DEFAULT_TEMPLATE
        if self.template_path is not None:
            try:
                with self.template_path.open("rb") as file:
                    raw = file.read(MAX_TEMPLATE_BYTES + 1)
                text = raw.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                raise EmailTemplateError(f"--email-template {self.template_path}: cannot be "
                                         "read as UTF-8 text") from None
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise EmailTemplateError(f"--email-template {self.template_path}: larger than "
                                         f"{MAX_TEMPLATE_BYTES // 1024} KB; it is an e-mail")
        if not text.lstrip().lower().startswith("subject:"):
            raise EmailTemplateError(f"--email-template {self.template_path}: the first line "
                                     "must be 'Subject: ...', then a blank line, then the body")
        head, _, body = text.lstrip().partition("\n")
        environment = text_environment()
        environment.filters["full_stop"] = full_stop
        try:  # subject and body apart: a value with a line break cannot move the subject
            self._subject = environment.from_string(head.partition(":")[2])
            self._body = environment.from_string(body.lstrip("\n"))
        except TemplateError as exc:
            raise EmailTemplateError(f"--email-template {self.template_path}: line "
                                     f"{getattr(exc, 'lineno', '?')}: {exc.message}") from None
        self.variables = (meta.find_undeclared_variables(environment.parse(head))
                          | meta.find_undeclared_variables(environment.parse(body)))

    def check_variables(self, known: set[str]) -> None:
        """Before any notice is written: every variable the template uses is one a row has."""
        unknown = sorted(self.variables - known - set(_EXTRA_VARIABLES))
        if unknown:
            raise EmailTemplateError(f"--email-template: '{unknown[0]}' is undefined; use a "
                                     "variable from docgen fields")

    def observe(self, context: dict[str, Any]) -> None:
        """Render the row's e-mail (pass 2 hands every notice's values here)."""
        due = str(context.get("nt_due_iso", ""))
        context = {**context, "nt_due_passed": bool(due) and due < self.today.isoformat(),
                   "deadline_unconfirmed": context.get("deadline_certainty") == "UNCONFIRMED"}
        try:
            with limits.time_limit(limits.MAX_SECONDS):
                subject = limits.render(self._subject, context, MAX_DRAFT_MB, "a review e-mail")
                body = limits.render(self._body, context, MAX_DRAFT_MB, "a review e-mail")
        except UndefinedError as exc:
            raise EmailTemplateError(f"--email-template: {exc.message}; use a variable from "
                                     "docgen fields") from None
        except SecurityError as exc:  # the sandbox, or one of docgen's bounds
            raise EmailTemplateError(f"--email-template: not allowed: {exc}") from None
        self._rendered[int(context["row"])] = (
            " ".join(subject.split()),  # one line: no header injection
            body, str(context.get("contact_email", "")).strip(),
            str(context.get("contact_name", "")).strip())

    def write(self, report: MergeReport) -> list[Path]:
        """One .eml per written notice; rows without a usable address get a warning."""
        self.folder.mkdir(parents=True, exist_ok=True)
        written = []
        for notice in report.written:
            if notice.path is None or notice.row not in self._rendered:
                continue
            subject, body, email, name = self._rendered[notice.row]
            message = EmailMessage(policy=SMTP.clone(max_line_length=998))
            message["X-Unsent"] = "1"
            message["Subject"] = subject
            address, why = _address(email, name)
            message["To"] = address if address is not None else ""
            if address is None:
                report.problems.append(Problem(
                    notice.row, report.cell(notice.row, "contact_email", "contact_name",
                                            "registrant_name"),
                    report.sheet, Severity.WARNING,
                    f"the contact {why}; the review draft's To is empty (fill in Contact "
                    "Email, or Email on the Contacts sheet)"))
            message.set_content(body)
            message.add_attachment(notice.path.read_bytes(), maintype=DOCX_TYPE[0],
                                   subtype=DOCX_TYPE[1], filename=notice.path.name)
            target = self.folder / (notice.path.stem + ".eml")
            write_atomic(target, message.as_bytes(), exclusive=not self.overwrite)
            written.append(target)
        report.problems.sort(key=Problem.sort_key)
        return written


def full_stop(text: str) -> str:
    """``text`` ending a sentence: one period, not two after "INC." (the ``full_stop``
    filter of the e-mail template)."""
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text}."


_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _address(email: str, name: str) -> tuple[Address | None, str]:
    """The To address, or None and why not. The domain may be international (written in
    its IDNA form, RFC 5890); the mailbox must be plain ASCII, as every mail program
    reads it (RFC 5321), with one "@", no route, no quotes."""
    if not email:
        return None, "has no e-mail address"
    user, at, domain = email.partition("@")
    if not at or "@" in domain or not _LOCAL.fullmatch(user) or len(user) > 64:
        return None, f"has an e-mail address docgen cannot use ({email[:80]!r}: one mailbox " \
                     "name, one @, one domain)"
    try:
        ascii_domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        return None, f"has an e-mail address whose domain is not a valid name ({email[:80]!r})"
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None, f"has an e-mail address whose domain is not a valid name ({email[:80]!r})"
    return Address(display_name=" ".join(name.split()), username=user,
                   domain=ascii_domain.lower()), ""
