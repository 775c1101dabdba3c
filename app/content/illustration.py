"""Checking an editor's SVG illustration and preparing it to be inlined in a page.

Inlining saves a request on a weak connection; it is safe only because we keep nothing that
could run script or fetch anything, and because the page's CSP blocks inline styles anyway.
"""

import xml.etree.ElementTree as ElementTree

SVG = "http://www.w3.org/2000/svg"
ALLOWED_ELEMENTS = {
    "svg",
    "g",
    "path",
    "circle",
    "ellipse",
    "rect",
    "line",
    "polyline",
    "polygon",
    "defs",
    "clipPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "use",
    "title",
    "desc",
}
HREF_ATTRIBUTES = {"href", "{http://www.w3.org/1999/xlink}href"}
MAX_BYTES = 8 * 1024

ElementTree.register_namespace("", SVG)


class IllustrationError(ValueError):
    pass


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def inline_svg(markup: str) -> str:
    """Return the SVG ready for the page, hidden from screen readers (the page wraps it in an
    element labelled with the alt text, which changes with the language); raise
    IllustrationError."""
    if len(markup.encode()) > MAX_BYTES:
        raise IllustrationError(f"is larger than {MAX_BYTES // 1024} KB")
    if "<!DOCTYPE" in markup or "<!ENTITY" in markup:
        raise IllustrationError("must not contain a DOCTYPE or entities")
    try:
        root = ElementTree.fromstring(markup)
    except ElementTree.ParseError as error:
        raise IllustrationError(f"is not well-formed SVG: {error}") from error
    if root.tag != f"{{{SVG}}}svg":
        raise IllustrationError("must be an <svg> element in the SVG namespace")
    if "viewBox" not in root.attrib:
        raise IllustrationError("needs a viewBox so it can scale")
    for element in root.iter():
        name = _local(element.tag)
        if name not in ALLOWED_ELEMENTS:
            raise IllustrationError(f"has a <{name}> element, which is not allowed")
        for attribute, value in element.attrib.items():
            local = _local(attribute)
            if local.startswith("on") or local == "style":
                raise IllustrationError(f"has a {local}= attribute, which is not allowed")
            if attribute in HREF_ATTRIBUTES and not value.startswith("#"):
                raise IllustrationError('may only link to its own parts (href="#...")')
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("aria-hidden", "true")
    root.set("focusable", "false")
    return ElementTree.tostring(root, encoding="unicode")
