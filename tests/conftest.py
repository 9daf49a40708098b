from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
SHARED = Path(os.environ.get("SVODKA_SHARED", ROOT.parent / "shared"))
SAMPLES = SHARED / "samples"


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"../shared/samples is absent ({SAMPLES}); the shared pages are not bundled")
    return SAMPLES
