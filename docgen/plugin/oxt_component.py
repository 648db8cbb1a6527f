# The Python-UNO component inside docgen's LibreOffice extension (docgen.oxt).
#
# LibreOffice loads this file with its own Python; it imports nothing of docgen.
# Tools > Add-Ons > "Merge into Form 12b-25 notices..." (or the toolbar button)
# calls trigger(): it checks the open workbook, runs the same `docgen merge` as
# the command line (the interpreter recorded when the extension was built, or
# `docgen` on the PATH), and reports back in message boxes, or in a log file
# when LibreOffice runs headless, where a message box would wait forever.
import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time

import uno
import unohelper
from com.sun.star.awt import XCallback
from com.sun.star.task import XJobExecutor

IMPLEMENTATION = "org.docgen.plugin.Merge"
DOCGEN_COMMAND = []  # filled in by `docgen plugin build`
LOG_NAME = "docgen-plugin.log"
MAX_LINES = 25
EXIT_OUTPUT_EXISTS = 4


def _command():
    if DOCGEN_COMMAND and os.path.exists(DOCGEN_COMMAND[0]):
        return list(DOCGEN_COMMAND)
    found = shutil.which("docgen")
    return [found] if found else None


class MergeJob(unohelper.Base, XJobExecutor):
    def __init__(self, ctx):
        self.ctx = ctx
        self.smgr = ctx.ServiceManager
        self.log_path = None

    # -- talking to the user ---------------------------------------------------------
    def _window(self, doc):
        try:
            return doc.getCurrentController().getFrame().getContainerWindow()
        except Exception:
            return None

    def _headless(self, doc):
        if os.environ.get("DOCGEN_PLUGIN_HEADLESS"):
            return True
        try:
            window = self._window(doc) if doc is not None else None
            return window is None or not window.isVisible()
        except Exception:  # the document was closed meanwhile: nobody to ask
            return True

    def _log(self, title, text):
        line = "%s: %s\n" % (title, _printable(text))
        _append(self.log_path, line)
        print(line, end="")

    def _header(self, workbook):
        """One timestamped line per run, so the log reads as a history."""
        _append(self.log_path, "\n=== %s docgen merge of %s ===\n"
                % (time.strftime("%Y-%m-%d %H:%M:%S %z"),
                   _printable(os.path.basename(workbook), lines=False)))

    def _tell(self, doc, title, text, kind="infobox", question=False):
        """A message box; in a headless run, a log line (and 'no' to questions)."""
        if self._headless(doc):
            self._log(title, text + (" [headless: answered No]" if question else ""))
            return False
        from com.sun.star.awt.MessageBoxButtons import BUTTONS_OK, BUTTONS_YES_NO
        from com.sun.star.awt.MessageBoxType import ERRORBOX, INFOBOX, QUERYBOX, WARNINGBOX
        types = {"infobox": INFOBOX, "warningbox": WARNINGBOX, "errorbox": ERRORBOX,
                 "querybox": QUERYBOX}
        if question:
            kind = "querybox"  # the only kind that shows Yes and No buttons
        toolkit = self.smgr.createInstanceWithContext("com.sun.star.awt.Toolkit", self.ctx)
        box = toolkit.createMessageBox(self._window(doc), types[kind],
                                       BUTTONS_YES_NO if question else BUTTONS_OK,
                                       title, text)
        answer = box.execute()
        box.dispose()
        return answer == 2  # YES

    # -- the job ---------------------------------------------------------------------
    def _workbook(self):
        desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        current = desktop.getCurrentComponent()
        if current is not None and current.supportsService(
                "com.sun.star.sheet.SpreadsheetDocument"):
            return current
        components = desktop.getComponents().createEnumeration()
        while components.hasMoreElements():
            component = components.nextElement()
            if component.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
                return component
        return None

    def trigger(self, args):
        doc = None
        try:
            doc = self._workbook()
            self._merge(doc)
        except Exception as exc:  # never let an error escape into LibreOffice
            self._tell(doc, "docgen", "The merge failed: %s: %s" % (type(exc).__name__, exc),
                       "errorbox")

    def _merge(self, doc):
        if doc is None:
            self._tell(None, "docgen", "Open the registrants workbook in Calc first.",
                       "warningbox")
            return
        url = doc.getURL()
        if url:
            self.log_path = os.path.join(os.path.dirname(uno.fileUrlToSystemPath(url)),
                                         LOG_NAME)
            self._header(uno.fileUrlToSystemPath(url))
        if doc.isModified():
            self._tell(doc, "docgen", "The workbook has unsaved changes. Save it first: "
                       "docgen merges the saved .xlsx file and never saves on your behalf.",
                       "warningbox")
            return
        if not url or not url.lower().endswith(".xlsx"):
            self._tell(doc, "docgen", "docgen reads .xlsx workbooks. Save this one with "
                       "File > Save As > Excel 2007-365 (.xlsx), then try again.",
                       "warningbox")
            return
        command = _command()
        if command is None:
            self._tell(doc, "docgen", "The docgen command was not found. Install it "
                       "(pip install docgen) and run 'docgen plugin install' again.",
                       "errorbox")
            return
        workbook = uno.fileUrlToSystemPath(url)
        out = os.path.join(os.path.dirname(workbook), "notices")
        self._start(doc, command, workbook, out, [])

    # -- running docgen without freezing Calc ------------------------------------------
    def _background(self, doc):
        """In a window, docgen runs in a thread and Calc stays usable; headless (tests,
        scripts) it runs in place, unless DOCGEN_PLUGIN_BACKGROUND=1 asks otherwise."""
        return (os.environ.get("DOCGEN_PLUGIN_BACKGROUND") == "1"
                or not self._headless(doc))

    def _on_main_thread(self, function):
        """Run ``function`` on LibreOffice's main thread (message boxes belong there)."""
        callback = self.smgr.createInstanceWithContext("com.sun.star.awt.AsyncCallback",
                                                       self.ctx)
        callback.addCallback(_Callback(function), None)

    def _indicator(self, doc):
        try:
            indicator = doc.getCurrentController().getFrame().createStatusIndicator()
            indicator.start("docgen: merging notices\u2026", 0)
            return indicator
        except Exception:
            return None

    def _start(self, doc, command, workbook, out, extra):
        if not self._background(doc):
            self._finish(doc, command, workbook, out, extra,
                         self._run(command, workbook, out, extra), None)
            return
        indicator = self._indicator(doc)

        def progress(count):
            if indicator is not None:
                self._on_main_thread(lambda: indicator.setText(
                    "docgen: %d notice%s written\u2026" % (count, "" if count == 1 else "s")))

        def work():
            try:
                done = self._run(command, workbook, out, extra, progress)
            except Exception as exc:  # reported on the main thread, never lost
                done = exc
            self._on_main_thread(
                lambda: self._finish(doc, command, workbook, out, extra, done, indicator))

        threading.Thread(target=work, name="docgen merge", daemon=True).start()

    def _finish(self, doc, command, workbook, out, extra, done, indicator):
        try:
            if indicator is not None:
                indicator.end()
            if isinstance(done, Exception):
                raise done
            self._report(doc, command, workbook, out, extra, done)
        except Exception as exc:  # never let an error escape into LibreOffice
            self._tell(doc, "docgen", "The merge failed: %s: %s" % (type(exc).__name__, exc),
                       "errorbox")
        finally:
            self._log("docgen", "merge finished")

    def _report(self, doc, command, workbook, out, extra, done):
        if done.returncode == EXIT_OUTPUT_EXISTS and not extra:
            if not self._tell(doc, "docgen", "Notices already exist in %s.\n\nReplace them?"
                              % out, "querybox", question=True):
                self._tell(doc, "docgen", "Nothing was written: the existing notices were "
                           "kept.", "infobox")
                return
            self._start(doc, command, workbook, out, ["--overwrite"])
            return
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        if len(lines) > MAX_LINES:
            extra_lines = len(lines) - MAX_LINES
            lines = lines[:MAX_LINES] + ["... and %d more: run 'docgen check' to see all."
                                         % extra_lines]
        text = "\n".join(lines) or "docgen finished (exit code %d)." % done.returncode
        if done.returncode in (0, 3):
            kind = "infobox" if done.returncode == 0 else "warningbox"
            if self._tell(doc, "docgen: notices written", text +
                          "\n\nOpen the notices folder?", kind, question=True):
                shell = self.smgr.createInstanceWithContext(
                    "com.sun.star.system.SystemShellExecute", self.ctx)
                shell.execute(uno.systemPathToFileUrl(out), "", 0)
        else:
            self._tell(doc, "docgen: nothing written", text, "errorbox")

    def _run(self, command, workbook, out, extra, progress=None):
        """docgen merge, to the end; ``progress(count)`` while it writes (in a thread)."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
        env.setdefault("PYTHONIOENCODING", "utf-8")
        # Run from a fresh private folder: a docgen.toml beside the workbook (or in
        # LibreOffice's own folder) can then never turn on overwrite unasked.
        neutral = tempfile.mkdtemp(prefix="docgen-plugin-")
        try:
            return self._wait(subprocess.Popen(
                command + ["merge", workbook, "--out", out] + extra, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
                errors="replace", env=env, cwd=neutral), out, progress)
        finally:
            shutil.rmtree(neutral, ignore_errors=True)

    def _wait(self, process, out, progress):
        """The finished process's output; ``progress(count)`` meanwhile."""
        if progress is None:
            stdout, stderr = process.communicate(timeout=3600)
        else:
            outputs = {}
            reader = threading.Thread(
                target=lambda: outputs.update(zip(("out", "err"), process.communicate())))
            started = time.time() - 1
            reader.start()
            while reader.is_alive():
                reader.join(0.5)
                progress(_written_since(out, started))
            stdout, stderr = outputs.get("out", ""), outputs.get("err", "")
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _printable(text, lines=True):
    """Text for the log: every control character as \\xNN, so a workbook's name cannot
    forge a line or send a terminal an escape sequence."""
    return "".join(c if (lines and c == "\n") or (ord(c) >= 0x20 and not 0x7F <= ord(c) <= 0x9F)
                   else "\\x%02x" % ord(c) for c in text)


def _append(path, line):
    """Append to the log, never through a link planted beside the workbook (O_NOFOLLOW),
    creating it for this user alone; a log that cannot be written is skipped."""
    if not path:
        return
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags, 0o600)
    except OSError:
        return
    try:
        os.write(handle, line.encode("utf-8", "replace"))
    finally:
        os.close(handle)


class _Callback(unohelper.Base, XCallback):
    """A function run on LibreOffice's main thread (com.sun.star.awt.AsyncCallback)."""

    def __init__(self, function):
        self.function = function

    def notify(self, data):
        with contextlib.suppress(Exception):  # nothing may escape into LibreOffice
            self.function()


def _written_since(folder, started):
    """How many notices in ``folder`` were written since ``started`` (for progress)."""
    try:
        return sum(1 for entry in os.scandir(folder) if entry.name.endswith(".docx")
                   and entry.stat().st_mtime >= started)
    except OSError:
        return 0


g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(MergeJob, IMPLEMENTATION,
                                         ("com.sun.star.task.Job",))
