"""Characters XML 1.0 forbids become U+FFFD; everything XML allows passes untouched."""

from __future__ import annotations

from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from bot.records.xmlchars import xml_safe, xml_safe_rows


class TestXmlSafe:
    def test_the_characters_found_in_comments(self) -> None:
        """U+FFFE, U+FFFF, control characters and a lone surrogate are replaced; tab and newlines stay."""
        assert xml_safe("a\ufffeb\uffffc\x01d\x0be\ud800f") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"
        assert xml_safe("tab\there\nline\r\n é 中 😀") == "tab\there\nline\r\n é 中 😀"

    @given(st.text())
    def test_any_text_makes_a_well_formed_document(self, text: str) -> None:
        """Whatever the text, an XML document holding it parses back (to the same text where it was allowed)."""
        element = ElementTree.Element("c")
        element.text = xml_safe(text)
        parsed = ElementTree.fromstring(ElementTree.tostring(element, encoding="unicode"))

        # XML's end-of-line handling reads "\r\n" and a lone "\r" as "\n".
        def lines(value: str) -> str:
            return value.replace("\r\n", "\n").replace("\r", "\n")

        assert lines(parsed.text or "") == lines(xml_safe(text))

    def test_plain_rows_are_returned_as_they_are(self) -> None:
        rows: list[tuple[str, ...]] = [("FRA", "ok")]
        assert xml_safe_rows(rows) is rows
        assert xml_safe_rows([("FRA", "x\uffff")]) == [("FRA", "x\ufffd")]
