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
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import DocgenError
from docgen.output import write_atomic
from docgen.problems import Problem, Severity
from docgen.results import MergeReport

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
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


class EmailTemplateError(DocgenError):
    """The e-mail template cannot be used (a usage error)."""

    exit_code = 2


@dataclass
class EmailDrafts:
    """Renders each row's subject and body while the merge has its values, then writes."""

    folder: Path
    template_path: Path | None = None
    overwrite: bool = False
    today: dt.date = field(default_factory=dt.date.today)  # what "passed" is measured from
    _rendered: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        text = DEFAULT_TEMPLATE
        if self.template_path is not None:
            try:
                text = self.template_path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise EmailTemplateError(f"--email-template {self.template_path}: cannot be "
                                         "read as UTF-8 text") from None
        environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                           keep_trailing_newline=True)
        environment.filters["full_stop"] = full_stop
        try:
            self._template = environment.from_string(text)
        except TemplateError as exc:
            raise EmailTemplateError(f"--email-template {self.template_path}: line "
                                     f"{getattr(exc, 'lineno', '?')}: {exc.message}") from None
        if not text.lstrip().lower().startswith("subject:"):
            raise EmailTemplateError(f"--email-template {self.template_path}: the first line "
                                     "must be 'Subject: ...', then a blank line, then the body")

    def observe(self, context: dict[str, Any]) -> None:
        """Render the row's e-mail (pass 2 hands every notice's values here)."""
        due = str(context.get("nt_due_iso", ""))
        context = {**context, "nt_due_passed": bool(due) and due < self.today.isoformat(),
                   "deadline_unconfirmed": context.get("deadline_certainty") == "UNCONFIRMED"}
        try:
            text = self._template.render(context)
        except UndefinedError as exc:
            raise EmailTemplateError(f"--email-template: {exc.message}; use a variable from "
                                     "docgen fields") from None
        head, _, body = text.partition("\n")
        subject = " ".join(head.partition(":")[2].split())  # one line: no header injection
        self._rendered[int(context["row"])] = (
            subject, body.lstrip("\n"), str(context.get("contact_email", "")).strip(),
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
            address = _address(email, name)
            message["To"] = address if address is not None else ""
            if address is None:
                why = "has no e-mail address" if not email else "has an e-mail address docgen " \
                    "cannot read"
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


def _address(email: str, name: str) -> Address | None:
    if not email or "@" not in email or any(c.isspace() or c in "<>,;\"" for c in email):
        return None
    user, _, domain = email.rpartition("@")
    try:
        return Address(display_name=" ".join(name.split()), username=user, domain=domain)
    except (ValueError, IndexError):
        return None
