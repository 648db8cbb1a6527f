from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from docgen import merge

ROOT = Path(__file__).resolve().parents[2]


def real_filings() -> Path:
    """The two real NT filings EDGAR accepted, read in place (never copied into the repo):
    ``DOCGEN_EDGAR_FIXTURES``, else ``shared/fixtures/edgar`` beside the project."""
    candidates = [os.environ.get("DOCGEN_EDGAR_FIXTURES", "")]
    candidates += [str(p / "shared" / "fixtures" / "edgar") for p in ROOT.parents]
    for candidate in candidates:
        if candidate and (Path(candidate) / "quantum_nt10k.htm").is_file():
            return Path(candidate)
    pytest.skip("the real EDGAR filings (shared/fixtures/edgar) are not beside this checkout; "
                "set DOCGEN_EDGAR_FIXTURES to their folder")


@pytest.fixture(scope="session")
def sample_notices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The eight sample notices, merged once for the session (read-only for tests)."""
    folder = tmp_path_factory.mktemp("samples")
    workbook = folder / "registrants.xlsx"
    shutil.copyfile(ROOT / "sample_workbooks" / "registrants.xlsx", workbook)
    report = merge(workbook, out_dir=folder / "notices")
    return {n.name: n.path for n in report.written if n.path is not None}


@pytest.fixture
def auxer(sample_notices: dict[str, Path]) -> Path:
    return sample_notices["the-auxer-group-inc_NT-10-K_2002-12-31.docx"]
