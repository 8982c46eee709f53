"""The chart in the reader's language: Arabic joined by matplotlib's own shaping, Chinese in its own
CJK face, and one warning (not boxes without a word) where a font is missing."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from adapters import chart
from adapters.chart import fonts_for, render_png
from tests.adapters.test_chart import png_size, round_digest
from tests.fonts import need_fonts


@pytest.fixture
def fresh_fonts() -> Iterator[None]:
    fonts_for.cache_clear()
    yield
    fonts_for.cache_clear()


def width(value: str, language: str) -> float:
    renderer = RendererAgg(400, 100, 200)  # type: ignore[no-untyped-call]  # matplotlib's Agg backend is untyped
    prop = FontProperties(family=list(fonts_for(language)), size=12)
    size = renderer.get_text_width_height_descent(value, prop, ismath=False)  # type: ignore[no-untyped-call]
    return float(size[0])


class TestArabic:
    @pytest.fixture(autouse=True)
    def _fonts(self) -> None:
        need_fonts("Noto Sans Arabic")

    def test_letters_are_joined_by_matplotlibs_own_shaping(self) -> None:
        """A joined word is narrower than its letters drawn apart; lam-alef becomes one ligature."""
        assert width("سلام", "ar") < sum(width(letter, "ar") for letter in "سلام") * 0.85
        assert width("لا", "ar") < (width("ل", "ar") + width("ا", "ar")) * 0.75

    def test_an_arabic_chart_is_drawn(self) -> None:
        digest = round_digest(5, title="توحيد الأداء (A/61/583)")
        assert png_size(render_png(digest, "ar"))[0] == chart.WIDTH


class TestChinese:
    @pytest.fixture(autouse=True)
    def _fonts(self) -> None:
        need_fonts("Noto Sans CJK SC", "Noto Sans CJK JP")

    def test_simplified_chinese_comes_before_the_japanese_face(self) -> None:
        order = fonts_for("zh")
        assert order[0] == "DejaVu Sans"  # its metrics keep the lines' spacing
        assert order.index("Noto Sans CJK SC") < order.index("Noto Sans CJK JP")

    def test_chinese_is_drawn_not_boxed(self) -> None:
        """Every character of a Chinese title is in one of the fonts the chart uses."""
        title = "一体行动：对小组建议的立场"
        assert chart._drawable(title, fonts_for("zh")) == title


class TestMissingFonts:
    def test_a_missing_face_gives_one_warning_and_the_chart_still_draws(
        self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fresh_fonts: None
    ) -> None:
        need_fonts("Noto Sans CJK JP")  # it draws with the face that stands in
        monkeypatch.setattr(chart, "available_fonts", lambda: ("DejaVu Sans", "Noto Sans CJK JP"))
        with caplog.at_level(logging.WARNING, logger="adapters.chart"):
            assert fonts_for("zh") == ("DejaVu Sans", "Noto Sans CJK JP")
            fonts_for("zh")
            render_png(round_digest(3, title="一体行动"), "zh")
        warnings = [r for r in caplog.records if "Noto Sans CJK SC" in r.getMessage()]
        assert len(warnings) == 1
        assert "Noto Sans CJK JP stands in" in warnings[0].getMessage()

    def test_without_any_cjk_font_the_earlier_warning_is_the_only_one(
        self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fresh_fonts: None
    ) -> None:
        monkeypatch.setattr(chart, "available_fonts", lambda: ("DejaVu Sans",))
        with caplog.at_level(logging.WARNING, logger="adapters.chart"):
            assert fonts_for("zh") == ("DejaVu Sans",)
        assert not [r for r in caplog.records if "Noto Sans CJK SC" in r.getMessage()]
