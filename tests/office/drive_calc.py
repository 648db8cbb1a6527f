"""Drive a running headless LibreOffice like a person using the docgen menu entry.

Run with a Python that has LibreOffice's UNO bridge (Debian: /usr/bin/python3 with
python3-uno):  drive_calc.py PIPE WORKBOOK MODE
MODE "menu":   open the workbook in Calc and dispatch the Add-Ons menu entry's URL.
MODE "unsaved": open it, type into a cell (unsaved change), dispatch the same URL.
MODE "background": as "menu", then wait until the plugin's log says the merge finished
(LibreOffice started with DOCGEN_PLUGIN_BACKGROUND=1 runs docgen in a thread).
Prints one JSON line: whether the menu entry is registered, and whether the
document was still modified afterwards (the plugin must never save it).
"""

import json
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            return resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.5)
    raise SystemExit("LibreOffice did not answer on pipe " + pipe)


def menu_registered(ctx):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess",
        (prop("nodepath", "/org.openoffice.Office.Addons/AddonUI/AddonMenu"),))
    if not access.hasByName("org.docgen.plugin.menu"):
        return None
    entry = access.getByName("org.docgen.plugin.menu")
    return {"url": entry.URL, "title": entry.Title, "context": entry.Context}


def main():
    pipe, workbook, mode = sys.argv[1:4]
    ctx = connect(pipe)
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(workbook), "_blank", 0,
                                       (prop("Hidden", True),))
    if mode == "unsaved":
        doc.Sheets.getByIndex(0).getCellByPosition(0, 60).setString("typed, not saved")
    entry = menu_registered(ctx)
    helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    frame = doc.getCurrentController().getFrame()
    log = os.path.join(os.path.dirname(workbook), "docgen-plugin.log")
    finished = _finished(log)
    started = time.monotonic()
    helper.executeDispatch(frame, entry["url"] if entry else "", "", 0, ())
    returned = time.monotonic() - started  # in the background: at once, docgen still runs
    if mode == "background":
        while _finished(log) == finished and time.monotonic() - started < 240:
            time.sleep(0.2)
    modified = doc.isModified()
    doc.setModified(False)
    doc.close(True)
    print(json.dumps({"menu": entry, "modified_after": modified, "returned_after": returned,
                      "finished_after": time.monotonic() - started}))


def _finished(log):
    """How many runs the plugin's log says have finished."""
    try:
        with open(log, encoding="utf-8") as handle:
            return handle.read().count("merge finished")
    except OSError:
        return 0


if __name__ == "__main__":
    main()
    # The UNO bridge sometimes crashes while Python tears it down at exit (SIGSEGV
    # after all the work is done and printed): leave without the teardown.
    sys.stdout.flush()
    os._exit(0)
