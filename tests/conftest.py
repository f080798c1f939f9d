import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


import pytest  # noqa: E402


@pytest.fixture
def without_the_ocr_extra(monkeypatch: pytest.MonkeyPatch):
    """A machine without the `ocr` extra: importing its engine fails."""
    from pipeline.readers import ocr

    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    ocr.load_engine.cache_clear()
    yield
    ocr.load_engine.cache_clear()
