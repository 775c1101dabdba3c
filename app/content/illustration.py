"""Checking an editor's SVG illustration and preparing it to be inlined in a page.

Inlining saves a request on a weak connection; it is safe only because we keep nothing that
could run script or fetch anything, and because the page's CSP blocks inline styles anyway.

The check is an allow-list, exact in case and namespace: XML names are case-sensitive, but once
inlined the HTML parser lowercases them, so `ONLOAD=` or `<use HREF=...>` would come alive on the
page if a deny-list compared them as written. Only SVG elements in the SVG namespace and plain
presentation attributes (no namespace but xlink:href) pass; a link may only point inside the
drawing; a paint may only be a colour or a reference inside the drawing.
"""

import re
import xml.etree.ElementTree as ElementTree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
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
# Geometry and paint, as SVG spells them; nothing that names a script, a style or a resource.
ALLOWED_ATTRIBUTES = {
    "id",
    "viewBox",
    "width",
    "height",
    "preserveAspectRatio",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "d",
    "points",
    "transform",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "opacity",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "stop-color",
    "stop-opacity",
    "vector-effect",
}
LINK_ATTRIBUTES = {"href", f"{{{XLINK}}}href"}
INTERNAL_LINK = re.compile(r"#[A-Za-z_][\w.-]*")
# url(...) in a paint or clip-path: only to a part of this drawing.
URL_REFERENCE = re.compile(r"url\s*\(", re.IGNORECASE)
INTERNAL_URL = re.compile(r"url\(#[A-Za-z_][\w.-]*\)")
MAX_BYTES = 8 * 1024

ElementTree.register_namespace("", SVG)


class IllustrationError(ValueError):
    pass


def _split(name: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _check_attribute(attribute: str, value: str) -> None:
    namespace, local = _split(attribute)
    if attribute in LINK_ATTRIBUTES:
        if not INTERNAL_LINK.fullmatch(value.strip()):
            raise IllustrationError('may only link to its own parts (href="#...")')
        return
    if namespace or local not in ALLOWED_ATTRIBUTES:
        shown = f"{namespace}:{local}" if namespace else local
        raise IllustrationError(f"has a {shown}= attribute, which is not allowed")
    for found in URL_REFERENCE.finditer(value):
        if not INTERNAL_URL.match(value, found.start()):
            raise IllustrationError(f"{local}= may only refer to its own parts (url(#...))")


def inline_svg(markup: str) -> str:
    """Return the SVG ready for the page, hidden from screen readers (the page wraps it in an
    element labelled with the alt text, which changes with the language); raise
    IllustrationError."""
    if len(markup.encode()) > MAX_BYTES:
        raise IllustrationError(f"is larger than {MAX_BYTES // 1024} KB")
    if re.search(r"<!(?:DOCTYPE|ENTITY)", markup, re.IGNORECASE):
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
        namespace, name = _split(element.tag)
        if namespace != SVG:
            raise IllustrationError(f"has a <{name}> element outside the SVG namespace")
        if name not in ALLOWED_ELEMENTS:
            raise IllustrationError(f"has a <{name}> element, which is not allowed")
        for attribute, value in element.attrib.items():
            _check_attribute(attribute, value)
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("aria-hidden", "true")
    root.set("focusable", "false")
    return ElementTree.tostring(root, encoding="unicode")
