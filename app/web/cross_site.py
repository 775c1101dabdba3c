"""Refusing a post made by another site: the form page is stored, the same for everyone, so it
cannot carry a per-visitor CSRF token; the browser's own headers say where a post comes from."""

from urllib.parse import urlsplit

# Sent by every current browser: "same-origin" for our own pages, "none" when typed or
# bookmarked; anything else is another site's page posting into ours.
ACCEPTED_FETCH_SITES = ("same-origin", "none")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def cross_site(headers, site_url: str, host_url: str) -> bool:
    """True when the browser says this post comes from another site.

    A missing header is no evidence either way (older browsers, scripts, the test client).
    Origin "null" is accepted too: with our Referrer-Policy of no-referrer, browsers send it
    for our own forms, and Sec-Fetch-Site still tells the truth beside it."""
    fetch_site = headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ACCEPTED_FETCH_SITES:
        return True
    origin = headers.get("Origin")
    if origin is None or origin == "null":
        return False
    return origin.lower() not in (origin_of(site_url), origin_of(host_url))
