"""The Office add-in manifest (XML, "add-in only"): docgen's page as a task pane.

XML rather than the unified JSON manifest because Office for Mac and perpetual
Office 2021/2024 take only XML. One manifest serves Excel (the registrants
workbook) and Word (where notices can open); element order follows the
OfficeApp schema (1.1). Every URL is under the server's own https origin.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from docgen.version import __version__

# A fixed id: a firm that re-generates the manifest updates the same add-in.
ADDIN_ID = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/docgen/docgen/office-addin")


DESCRIPTION = ("Check the registrants workbook, see the deadlines and merge every row into an "
               "editable Form 12b-25 notice.")


class ManifestError(ValueError):
    """The URL cannot serve an add-in (Office requires https)."""


def _version() -> str:
    parts = [p for p in __version__.split(".") if p.isdigit()][:4]
    return ".".join(parts + ["0"] * (4 - len(parts)))


def manifest_xml(origin: str) -> bytes:
    """The manifest for a docgen server at ``origin`` (``https://host[:port]``)."""
    parts = urlsplit(origin)
    if parts.scheme != "https" or not parts.hostname:
        raise ManifestError(f"{origin}: Office add-ins load only from an https:// address; "
                            "serve docgen with --cert and --key (or behind the firm's "
                            "https server) and give that address")
    base = f"https://{parts.netloc}"

    def url(path: str) -> str:
        return quoteattr(base + path)

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xsi:type="TaskPaneApp">
  <Id>{ADDIN_ID}</Id>
  <Version>{_version()}</Version>
  <ProviderName>docgen</ProviderName>
  <DefaultLocale>en-US</DefaultLocale>
  <DisplayName DefaultValue="docgen: Form 12b-25 notices"/>
  <Description DefaultValue="{DESCRIPTION}"/>
  <IconUrl DefaultValue={url("/icon-32.png")}/>
  <HighResolutionIconUrl DefaultValue={url("/icon-64.png")}/>
  <SupportUrl DefaultValue={url("/")}/>
  <AppDomains>
    <AppDomain>{base}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
    <Host Name="Document"/>
  </Hosts>
  <DefaultSettings>
    <SourceLocation DefaultValue={url("/?pane=1")}/>
  </DefaultSettings>
  <Permissions>ReadDocument</Permissions>
</OfficeApp>
""".encode()
